"""Transfers through the screens, and the letter as print view and PDF with a CJK font."""
import io
import re
import subprocess
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from actions import clock
from models import AuditLog, Person, Transfer
from tests import factories as f

TODAY = clock.today()


def waiting_of(client) -> str:
    return client.get("/admin/").get_data(as_text=True).split('id="waiting"', 1)[1]


def issue_in_city(client, person, to):
    return client.post(f"/admin/transfer_desk/out/?person_id={person.id}&direction=in_city&to={to.id}",
                       data={"issued_on": TODAY.isoformat(), "valid_days": "30",
                             "dues_paid_until": "2026-06"})


def test_receiver_tree_offers_the_whole_city_not_only_the_users_subtree(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)
    client = login("sibling_admin")

    root = client.get(f"/admin/transfer_desk/out/?person_id={p.id}").get_data(as_text=True)
    level = client.get(f"/admin/transfer_desk/out/?person_id={p.id}&at={city.district_b.id}")
    found = client.get(f"/admin/transfer_desk/out/?person_id={p.id}&q=实验中学")

    assert city.root.name in root
    assert city.branch_b1.name in level.get_data(as_text=True)
    assert city.branch_b1.name in found.get_data(as_text=True)


def test_in_city_transfer_waits_in_the_receivers_list_and_accepting_moves_the_member(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="转接人")
    sender = login("sibling_admin")

    resp = issue_in_city(sender, p, city.branch_b1)

    assert resp.status_code == 302 and "/admin/transfer_desk/letter/" in resp.headers["Location"]
    t = ctx.query(Transfer).one()
    ctx.expire_all()
    assert ctx.get(Person, p.id).org_id == city.branch_a1b.id
    receiver = login("district_b_admin")
    assert "转接人" in receiver.get("/admin/transfer_in/").get_data(as_text=True)
    assert "转接人" not in sender.get("/admin/transfer_in/").get_data(as_text=True)
    receiver.post(f"/admin/transfer_desk/accept/?id={t.id}", data={"version": str(t.version)})
    ctx.expire_all()
    assert ctx.get(Person, p.id).org_id == city.branch_b1.id
    assert "转接人" not in receiver.get("/admin/transfer_in/").get_data(as_text=True)


def test_receiver_rejects_with_reason_and_sender_sees_it(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="被拒人")
    issue_in_city(login("sibling_admin"), p, city.branch_b1)
    t = ctx.query(Transfer).one()

    login("district_b_admin").post(f"/admin/transfer_desk/reject/?id={t.id}",
                                   data={"reason": "查无此人单位"})

    page = login("sibling_admin").get(f"/admin/member/?id={p.id}&tab=transfers")
    assert "查无此人单位" in page.get_data(as_text=True)
    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "normal"


def test_sender_cancels_a_pending_transfer(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)
    client = login("sibling_admin")
    issue_in_city(client, p, city.branch_b1)
    t = ctx.query(Transfer).one()

    client.post("/admin/transfer_out/action/", data={"action": "cancel", "rowid": str(t.id)})

    ctx.expire_all()
    assert ctx.get(Transfer, t.id).status == "cancelled"
    assert ctx.get(Person, p.id).status == "normal"


def test_out_of_city_transfer_leaves_the_roll_when_issued(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="市外人")
    client = login("sibling_admin")

    client.post(f"/admin/transfer_desk/out/?person_id={p.id}&direction=out_city",
                data={"issued_on": TODAY.isoformat(), "valid_days": "60",
                      "to_org_name": "中共某省某市某支部委员会"})

    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "transferred_out"
    assert "市外人" not in client.get("/admin/direct_member/").get_data(as_text=True)


def test_bad_transfer_form_shows_a_message_and_changes_nothing(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)
    client = login("sibling_admin")

    resp = client.post(f"/admin/transfer_desk/out/?person_id={p.id}&direction=out_city",
                       data={"issued_on": TODAY.isoformat(), "valid_days": "999", "to_org_name": "某"})

    assert "有效期应为1至180天" in resp.get_data(as_text=True)
    assert ctx.query(Transfer).count() == 0


def test_user_cannot_transfer_a_member_outside_the_jurisdiction(ctx, city, login):
    p = f.make_person(ctx, city.branch_b1)

    resp = issue_in_city(login("sibling_admin"), p, city.branch_a1a)

    assert resp.status_code == 404 and ctx.query(Transfer).count() == 0


def test_letter_print_view_has_stub_body_receipt_and_capital_numerals(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="李信")
    t = f.make_transfer(ctx, p, city.branch_b1, issued_on=date(2026, 11, 3), valid_days=30,
                        dues_paid_until=date(2026, 10, 1))

    html = login("sibling_admin").get(f"/admin/transfer_desk/letter/?id={t.id}").get_data(as_text=True)
    text_only = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))

    for text in ("（存根）", "（回执）", "同志的党员组织关系已转达我处", "贰零贰陆年拾壹月叁日", "有效期叁拾天",
                 "党费已交到贰零贰陆年拾月", t.letter_no, p.id_number, city.branch_b1.name):
        assert text in text_only, text


def test_letter_of_another_organisations_transfer_is_not_found(ctx, city, login):
    p = f.make_person(ctx, city.branch_b1)
    t = f.make_transfer(ctx, p, None)

    assert login("sibling_admin").get(f"/admin/transfer_desk/letter.pdf?id={t.id}").status_code == 404


def test_letter_pdf_is_one_page_with_the_text_and_an_embedded_cjk_font(ctx, city, login, tmp_path):
    p = f.make_person(ctx, city.branch_a1b, name="王建国")
    t = f.make_transfer(ctx, p, city.branch_b1, issued_on=date(2026, 1, 15), valid_days=15)

    resp = login("sibling_admin").get(f"/admin/transfer_desk/letter.pdf?id={t.id}")

    assert resp.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(resp.data))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    for word in ("王建国", "介绍信", "回执", "贰零贰陆", "壹月", "拾伍", t.letter_no):
        assert word in text.replace(" ", ""), word
    path = tmp_path / "letter.pdf"
    path.write_bytes(resp.data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts
    assert ctx.query(AuditLog).filter(AuditLog.person_id == p.id,
                                      AuditLog.summary.contains("下载介绍信")).count() == 1


def test_overdue_receipts_are_flagged_and_cleared_when_marked(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="回执人")
    t = f.make_transfer(ctx, p, None, status="issued", issued_on=TODAY - timedelta(days=45))
    client = login("sibling_admin")

    assert "逾期" in client.get("/admin/transfer_out/").get_data(as_text=True)
    assert "介绍信回执逾期未返回" in waiting_of(client)
    asked = client.post("/admin/transfer_out/action/", data={"action": "receipt", "rowid": str(t.id)})
    client.post("/admin/transfer_desk/receipt/",
                data={"id": str(t.id), "receipt_returned_on": TODAY.isoformat()})

    assert "/admin/transfer_desk/receipt/" in asked.location
    ctx.expire_all()
    assert ctx.get(Transfer, t.id).receipt_returned_on == TODAY
    assert "介绍信回执逾期未返回" not in waiting_of(client)


@pytest.mark.parametrize("who, sees", [("district_b_admin", True), ("sibling_admin", False)])
def test_home_page_reminds_the_receiver_of_pending_transfers(ctx, city, login, who, sees):
    p = f.make_person(ctx, city.branch_a1b)
    f.make_transfer(ctx, p, city.branch_b1)

    html = login(who).get("/admin/").get_data(as_text=True)
    waiting = html.split('id="waiting"', 1)[1]

    assert ("转入待接收" in waiting) is sees


def test_members_flowing_or_waiting_for_a_transfer_stay_on_the_senders_roll(ctx, city, login):
    waiting = f.make_person(ctx, city.branch_a1b, name="待接收人")
    f.make_person(ctx, city.branch_a1b, name="流动中人", status="flowing")
    client = login("sibling_admin")
    issue_in_city(client, waiting, city.branch_b1)

    html = client.get("/admin/direct_member/").get_data(as_text=True)

    assert "待接收人" in html and "流动中人" in html and "转出待接收" in html
    assert "待接收人" not in login("district_b_admin").get("/admin/direct_member/").get_data(as_text=True)


def test_malformed_dues_month_is_refused(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)

    resp = login("sibling_admin").post(
        f"/admin/transfer_desk/out/?person_id={p.id}&direction=out_city",
        data={"issued_on": TODAY.isoformat(), "valid_days": "30", "to_org_name": "某",
              "dues_paid_until": "2026-13"})

    assert "党费交至应为年月" in resp.get_data(as_text=True)
    assert ctx.query(Transfer).count() == 0


def test_receiver_list_flags_expired_letters(ctx, city, login):
    fresh = f.make_person(ctx, city.branch_a1b, name="新信")
    stale = f.make_person(ctx, city.branch_a1b, name="旧信")
    f.make_transfer(ctx, fresh, city.branch_b1)
    f.make_transfer(ctx, stale, city.branch_b1, issued_on=TODAY - timedelta(days=40))

    html = login("district_b_admin").get("/admin/transfer_in/").get_data(as_text=True)

    assert html.count("已过期，须说明") == 1


def test_direct_member_list_offers_transfer_out(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)

    html = login("sibling_admin").get("/admin/direct_member/").get_data(as_text=True)

    assert f"/admin/transfer_desk/out/?person_id={p.id}" in html
