"""Two identical batch entries at once: each member gets one record, on SQLite and PostgreSQL."""
import json
import threading
from datetime import date

import pytest
from sqlalchemy import event, func, select

from actions import batch
from actions.errors import Conflict
from actions.members import records
from models import Activity, AuditLog, DuesPayment, Reward, User, db
from tests import factories as f
from tests.concurrency import run_at_once

ROUNDS = 3


def at_once(app, jobs):
    """Run each job(session) on its own connection; all read before any of them inserts."""
    barrier = threading.Barrier(len(jobs))

    def meet():
        try:
            # A job holding row locks makes the others wait for it: then it goes first.
            barrier.wait(timeout=3)
        except threading.BrokenBarrierError:
            pass

    def wait_before_insert(state):
        if state.is_insert:  # a bulk insert
            meet()

    def prepare(session):
        event.listen(session, "do_orm_execute", wait_before_insert)
        event.listen(session, "before_flush", lambda *a: meet())  # a unit-of-work insert

    return run_at_once(app, jobs, prepare=prepare, expected={Conflict: "conflict"})


@pytest.fixture
def five(ctx, city):
    return [f.make_person(ctx, city.branch_a1a, f"并发{i}").id for i in range(5)]


def _per_person(ctx, model, title_or_month):
    col = model.title if model is Activity else model.month_from
    rows = ctx.execute(select(model.person_id, func.count()).where(col == title_or_month)
                       .group_by(model.person_id)).all()
    return dict(rows)


def _batch_audits(ctx, table):
    return ctx.execute(select(AuditLog).where(AuditLog.action == "bulk_insert",
                                              AuditLog.object_type == table)).scalars().all()


def test_two_identical_batch_activities_at_once_give_each_member_one_record(app, ctx, city, five):
    admin = city.branch_admin.id
    target = batch.Target(city.branch_a1a.id)
    for r in range(ROUNDS):
        title = f"主题党日第{r}次"
        data = batch.clean("activity", {"title": title, "held_on": date(2024, 7, 1)})

        results = at_once(app, [
            lambda s, data=data: batch.add(s, s.get(User, admin), "activity", data, target, five)
            for _ in range(2)])

        assert all(r[0] == "done" for r in results), results
        assert sorted(r[1] for r in results) == [0, 5], results
        ctx.expire_all()
        assert _per_person(ctx, Activity, title) == {pid: 1 for pid in five}
    assert ctx.scalar(select(func.count()).select_from(Activity)) == 5 * ROUNDS


def test_two_identical_batch_dues_at_once_give_each_member_one_payment(app, ctx, city, five):
    admin = city.branch_admin.id
    target = batch.Target(city.branch_a1a.id)
    for r in range(ROUNDS):
        month = date(2024, r + 1, 1)
        data = batch.clean("dues", {"dues_class": "student", "month_from": month,
                                    "paid_on": date(2024, 6, 1)})

        results = at_once(app, [
            lambda s, data=data: batch.add(s, s.get(User, admin), "dues", data, target, five)
            for _ in range(2)])

        assert all(r[0] == "done" for r in results), results
        assert sorted(r[1] for r in results) == [0, 5], results
        ctx.expire_all()
        assert _per_person(ctx, DuesPayment, month) == {pid: 1 for pid in five}


def test_overlapping_dues_entered_at_once_are_saved_once(app, ctx, city, five):
    """Jan-Mar and Feb-Apr for the same members at once: each member pays each month once."""
    admin = city.branch_admin.id
    target = batch.Target(city.branch_a1a.id)
    first = batch.clean("dues", {"dues_class": "student", "month_from": date(2024, 1, 1),
                                 "month_to": date(2024, 3, 1), "paid_on": date(2024, 6, 1)})
    second = batch.clean("dues", {"dues_class": "student", "month_from": date(2024, 2, 1),
                                  "month_to": date(2024, 4, 1), "paid_on": date(2024, 6, 1)})
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time; the overlap lock is a PostgreSQL row lock")

    results = at_once(app, [
        lambda s: batch.add(s, s.get(User, admin), "dues", first, target, five),
        lambda s: batch.add(s, s.get(User, admin), "dues", second, target, five)])

    assert sorted(r[1] for r in results) == [0, 5], results
    ctx.expire_all()
    assert ctx.scalar(select(func.count()).select_from(DuesPayment)) == 5


def test_the_batch_audit_entry_lists_the_people_it_touched(app, ctx, city, five):
    data = batch.clean("activity", {"title": "七一主题党日", "held_on": date(2024, 7, 1)})

    batch.add(ctx, city.branch_admin, "activity", data, batch.Target(city.branch_a1a.id), five)

    entry, = _batch_audits(ctx, "activity")
    changes = json.loads(entry.changes)
    assert changes["rows"] == 5
    assert sorted(p["person_id"] for p in changes["people"]) == sorted(five)
    assert {p["name"] for p in changes["people"]} == {f"并发{i}" for i in range(5)}
    assert all("*" in p["id_number"] and p["org"] == city.branch_a1a.name for p in changes["people"])
    assert "并发0" in entry.summary and "共 5 人" in entry.summary


def test_a_batch_repeated_after_another_adds_nothing_and_writes_no_audit_entry(ctx, city, five):
    data = batch.clean("activity", {"title": "七一主题党日", "held_on": date(2024, 7, 1)})
    target = batch.Target(city.branch_a1a.id)

    assert batch.add(ctx, city.branch_admin, "activity", data, target, five) == 5
    assert batch.add(ctx, city.branch_admin, "activity", data, target, five) == 0

    assert len(_batch_audits(ctx, "activity")) == 1


def test_the_same_reward_entered_twice_at_once_is_saved_once(app, ctx, city, five):
    admin, pid = city.branch_admin.id, five[0]
    values = {"title": "优秀共产党员", "awarded_on": date(2024, 7, 1)}
    for _ in range(ROUNDS):
        results = at_once(app, [
            lambda s: records.add_record(s, s.get(User, admin), "reward", pid, dict(values)).id
            for _ in range(2)])

        assert sorted(r[0] for r in results) == ["conflict", "done"], results
        assert [r[1] for r in results if r[0] == "conflict"] == [records.DUPLICATE]
        ctx.expire_all()
        assert ctx.scalar(select(func.count()).select_from(Reward)) == 1
        ctx.execute(Reward.__table__.delete())
        ctx.commit()


def test_the_same_activity_or_punishment_twice_for_one_member_is_a_message_at_the_field(ctx, city, five):
    records.add_record(ctx, city.branch_admin, "activity", five[0],
                       {"title": "七一主题党日", "held_on": date(2024, 7, 1)})
    records.add_record(ctx, city.branch_admin, "punishment", five[0],
                       {"kind": "1", "punished_on": date(2024, 7, 1), "reason": "违纪"})

    with pytest.raises(Exception) as err:
        records.add_record(ctx, city.branch_admin, "activity", five[0],
                           {"title": "七一主题党日", "held_on": date(2024, 7, 1)})
    assert err.value.field == "title" and "同名活动" in err.value.message
    with pytest.raises(Exception) as err:
        records.add_record(ctx, city.branch_admin, "punishment", five[0],
                           {"kind": "1", "punished_on": date(2024, 7, 1), "reason": "又违纪"})
    assert err.value.field == "kind"
