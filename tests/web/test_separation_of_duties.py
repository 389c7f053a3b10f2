"""三员分立: security and audit administrators beside the system administrator; the audit log
can be neither changed nor deleted, and is archived only past its retention period."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from actions import audit, users
from actions.errors import DomainError, PermissionDenied
from actions.security import audit_archive
from models import AuditLog, User
from models.base import utcnow
from tests import factories as f


@pytest.fixture
def duties(ctx, city):
    city.secadmin = f.make_user(ctx, city.root, "sec_admin", "secadmin")
    city.auditadmin = f.make_user(ctx, city.root, "audit_admin", "auditadmin")
    return city


def test_security_admin_manages_users_and_locks_but_sees_no_business_data(duties, login):
    client = login("sec_admin")

    assert client.get("/admin/user/").status_code == 200
    assert client.get("/admin/user/new/").status_code == 200
    for url in ("/admin/direct_member/", "/admin/audit/", "/admin/orgtree/"):
        assert client.get(url).status_code in (302, 403), url
    home = client.get("/admin/").get_data(as_text=True)
    assert "安全管理员" in home and "党员合计" not in home


def test_audit_admin_reads_and_exports_the_log_but_cannot_touch_users_or_data(duties, login):
    client = login("audit_admin")

    assert client.get("/admin/audit/").status_code == 200
    assert client.get("/admin/audit/export/csv/").status_code == 200
    for url in ("/admin/user/", "/admin/user/new/", "/admin/direct_member/"):
        assert client.get(url).status_code in (302, 403), url


def test_only_the_system_administrator_grants_the_three_administrator_roles(ctx, duties):
    for actor in (duties.secadmin, duties.district_admin):
        with pytest.raises(DomainError):
            users.create_user(ctx, actor, "x_sec", "abcd1234", duties.root.id, "secadmin")
        ctx.rollback()
    made = users.create_user(ctx, duties.city_admin, "x_audit", "abcd1234", duties.root.id,
                             "auditadmin")
    assert made.role == "auditadmin"
    by_sec = users.create_user(ctx, duties.secadmin, "x_admin", "abcd1234",
                               duties.district_a.id, "admin")
    assert by_sec.role == "admin"


def test_security_admin_cannot_change_the_system_or_audit_administrator(ctx, duties):
    for target in (duties.city_admin, duties.auditadmin):
        with pytest.raises(PermissionDenied):
            users.update_user(ctx, duties.secadmin, target, target.org_id, "viewer", True, None)
        ctx.rollback()


def test_security_admin_unlocks_a_locked_user(ctx, duties):
    user = ctx.get(User, duties.branch_admin.id)
    user.locked_until = utcnow() + timedelta(minutes=10)
    ctx.commit()

    users.unlock(ctx, duties.secadmin, user)

    assert ctx.get(User, user.id).locked_until is None


def _entry(ctx, city, days_ago=0):
    audit.record(ctx, "export", "person", "测试导出", city.root.path, {})
    ctx.commit()
    entry = ctx.execute(select(AuditLog).order_by(AuditLog.id.desc())).scalars().first()
    if days_ago:  # an old entry, written as it was then (entries cannot be changed)
        table = AuditLog.__table__
        values = {c: getattr(entry, c) for c in table.c.keys() if c not in ("id", "at")}
        new_id = ctx.connection().execute(table.insert().values(
            **values, at=utcnow() - timedelta(days=days_ago))).inserted_primary_key[0]
        ctx.commit()
        return new_id
    return entry.id


def test_nobody_can_change_or_delete_an_audit_entry(ctx, city):
    eid = _entry(ctx, city)
    entry = ctx.get(AuditLog, eid)

    entry.summary = "改写"
    with pytest.raises(PermissionError):
        ctx.commit()
    ctx.rollback()
    ctx.delete(ctx.get(AuditLog, eid))
    with pytest.raises(PermissionError):
        ctx.commit()
    ctx.rollback()
    for stmt in (update(AuditLog).values(summary="x"), delete(AuditLog)):
        with pytest.raises(PermissionError):
            ctx.execute(stmt)
        ctx.rollback()

    assert ctx.get(AuditLog, eid).summary == "测试导出"


def test_audit_views_offer_no_edit_or_delete_even_to_the_system_administrator(city, login):
    client = login("city_admin")

    for url in ("/admin/audit/edit/?id=1", "/admin/audit/new/"):
        assert client.get(url).status_code in (302, 403, 404)
    assert client.post("/admin/audit/delete/", data={"id": "1"}).status_code in (302, 403, 404)


def test_archive_refuses_entries_within_the_retention_period_and_moves_older_ones(ctx, city):
    old, recent = _entry(ctx, city, days_ago=400), _entry(ctx, city, days_ago=10)
    out = io.StringIO()

    with pytest.raises(PermissionDenied):
        audit_archive.archive(ctx, utcnow() - timedelta(days=100), 180, out)
    n = audit_archive.archive(ctx, utcnow() - timedelta(days=365), 180, out)

    assert n == 1 and f'"id": {old}' in out.getvalue()
    assert ctx.get(AuditLog, old) is None and ctx.get(AuditLog, recent) is not None


def test_retention_setting_cannot_be_below_180_days(monkeypatch, tmp_path):
    from admin_app import config

    monkeypatch.setenv("AUDIT_RETENTION_DAYS", "30")
    assert config.load(str(tmp_path))["AUDIT_RETENTION_DAYS"] == 180
