"""Every insert, update and delete is logged by the session hook; the log is append-only."""
import json

import pytest
from sqlalchemy import delete, select, update

from models import AuditLog, Person
from tests import factories as f


def entries(session, **where):
    stmt = select(AuditLog).order_by(AuditLog.id)
    for key, value in where.items():
        stmt = stmt.where(getattr(AuditLog, key) == value)
    return session.execute(stmt).scalars().all()


def test_insert_is_logged_with_object_org_and_summary(ctx, city):
    person = f.make_person(ctx, city.branch_a1a, name="张三")

    log = entries(ctx, object_type="person", action="insert")[-1]
    assert log.object_id == str(person.id)
    assert log.person_id == person.id
    assert log.org_path == city.branch_a1a.path
    assert log.summary.startswith("新增人员「张三")
    assert json.loads(log.changes)["name"] == "张三"


def test_update_logs_only_changed_fields_with_old_and_new_values(ctx, city):
    person = f.make_person(ctx, city.branch_a1a, name="张三")

    person.name = "张叁"
    ctx.commit()

    log = entries(ctx, object_type="person", action="update")[-1]
    assert json.loads(log.changes) == {"name": ["张三", "张叁"]}
    assert log.summary.endswith("：姓名")


def test_delete_keeps_a_snapshot(ctx, city):
    org = f.make_org(ctx, city.branch_a1a, name="临时小组")
    ctx.delete(org)
    ctx.commit()

    log = entries(ctx, object_type="organization", action="delete")[-1]
    assert json.loads(log.changes)["name"] == "临时小组"


def test_password_hashes_never_reach_the_log(ctx, city):
    user = f.make_user(ctx, city.branch_a1a, "someone")
    user.password_hash = "changed"
    ctx.commit()

    text = " ".join(e.changes for e in entries(ctx, object_type="app_user"))
    assert "scrypt" not in text and "changed" not in text


def test_bulk_update_statement_is_logged(ctx, city):
    f.make_person(ctx, city.branch_a1a)
    f.make_person(ctx, city.branch_a1a)

    ctx.execute(update(Person).where(Person.org_id == city.branch_a1a.id).values(lost_contact=True))
    ctx.commit()

    log = entries(ctx, action="bulk_update")[-1]
    assert log.object_type == "person"
    assert "2 条" in log.summary


def test_log_entries_cannot_be_changed_or_deleted(ctx, city):
    f.make_person(ctx, city.branch_a1a)
    log = entries(ctx)[-1]

    log.summary = "篡改"
    with pytest.raises(PermissionError):
        ctx.commit()
    ctx.rollback()
    with pytest.raises(PermissionError):
        ctx.execute(delete(AuditLog))
    ctx.rollback()

    assert entries(ctx)[-1].summary != "篡改"


def test_rolled_back_write_leaves_no_log(ctx, city):
    before = len(entries(ctx))
    f.make_person(ctx, city.branch_a1a, commit=False)
    ctx.rollback()

    assert len(entries(ctx)) == before
