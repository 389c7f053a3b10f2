"""ID numbers shown as needed: masked in lists, viewer exports and the audit log; full on details
pages and in exports for operators and above, each such reveal or export in the audit log."""
from __future__ import annotations

from sqlalchemy import select

from actions import audit
from actions.privacy import mask_id
from models import AuditLog
from tests import factories as f


def person(ctx, city):
    p = f.make_person(ctx, city.branch_a1a, name="脱敏甲")
    ctx.commit()
    return p.id, p.id_number


def test_member_list_shows_only_masked_id_numbers(ctx, city, login):
    pid, number = person(ctx, city)

    html = login("branch_admin").get("/admin/direct_member/").get_data(as_text=True)

    assert number not in html and mask_id(number) in html


def test_details_page_shows_the_full_number_to_operators_and_logs_the_reveal(ctx, city, login):
    pid, number = person(ctx, city)

    html = login("branch_operator").get(f"/admin/direct_member/details/?id={pid}").get_data(
        as_text=True)

    assert number in html
    ctx.expire_all()
    reveals = ctx.execute(select(AuditLog).where(AuditLog.action == "reveal",
                                                 AuditLog.person_id == pid)).scalars().all()
    assert reveals and reveals[0].username == "branch_operator"


def test_details_page_shows_a_viewer_the_masked_number_and_logs_nothing(ctx, city, login):
    pid, number = person(ctx, city)

    html = login("branch_viewer").get(f"/admin/direct_member/details/?id={pid}").get_data(
        as_text=True)

    assert number not in html and mask_id(number) in html
    assert ctx.execute(select(AuditLog).where(AuditLog.action == "reveal")).first() is None


def test_viewer_export_is_masked_and_operator_export_is_full_and_says_so_in_the_log(
        ctx, city, login):
    pid, number = person(ctx, city)

    viewer = login("branch_viewer").get("/admin/direct_member/export/csv/").get_data(as_text=True)
    operator = login("branch_operator").get("/admin/direct_member/export/csv/").get_data(
        as_text=True)

    assert number not in viewer and mask_id(number) in viewer
    assert number in operator
    ctx.expire_all()
    logged = ctx.execute(select(AuditLog.username, AuditLog.changes)
                         .where(AuditLog.action == "export")).all()
    assert [(u, '"full_id_numbers": true' in c) for u, c in logged] == [
        ("branch_viewer", False), ("branch_operator", True)]


def test_audit_log_masks_id_numbers_in_its_list_details_and_export(ctx, city, login):
    pid, number = person(ctx, city)
    audit.record(ctx, "export", "person", f"核对 {number}", city.branch_a1a.path,
                 {"id_number": number})
    ctx.commit()
    client = login("branch_admin")
    entry = ctx.execute(select(AuditLog.id).where(AuditLog.summary.contains(number))).scalar()

    pages = [client.get("/admin/audit/").get_data(as_text=True),
             client.get(f"/admin/audit/details/?id={entry}").get_data(as_text=True),
             client.get("/admin/audit/export/csv/").get_data(as_text=True)]

    for page in pages:
        assert number not in page
    assert mask_id(number) in pages[0]
