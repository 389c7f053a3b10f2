"""Each developing person's next deadline is kept on the person and is the one the rules give."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from actions import clock
from actions.development import counts, deadlines, pipeline, rule_config
from actions.development.dates import add_months
from actions.members import dues
from models import DevRecord, DuesPayment, Person
from tests import factories as f
from tests.web.dev_flow import As, add, m


@pytest.fixture
def branch(login, city):
    return As(login, "branch_admin")


def _stored(ctx, pid):
    ctx.expire_all()
    p = ctx.get(Person, pid)
    return p.dev_due_on, p.dev_due_what


def _computed(ctx, pid):
    p = ctx.get(Person, pid)
    files = pipeline.load_files(ctx, [p], clock.today())
    return pipeline.next_deadline(files[p.id], rule_config.load(ctx))


def test_a_record_written_through_the_page_moves_the_stored_deadline(ctx, city, branch):
    p = f.make_person(ctx, city.branch_a1a, name="申请人", stage="applicant")
    assert _stored(ctx, p.id) == (None, None)
    rec = add(branch, ctx, p.id, "application", on_date=m(0, -20))
    branch.post(f"/admin/development/record/{rec.id}/review", data={"decision": "approve"})
    assert _stored(ctx, p.id) == (add_months(m(0, -20), 1), "谈话") == _computed(ctx, p.id)
    add(branch, ctx, p.id, "talk", on_date=m(0, -10), host="王书记")
    assert _stored(ctx, p.id) == _computed(ctx, p.id) != (add_months(m(0, -20), 1), "谈话")
    # A record removed outside the pages: the commit that removes it works it out again.
    ctx.execute(delete(DevRecord).where(DevRecord.person_id == p.id, DevRecord.kind == "talk"))
    ctx.commit()
    ctx.get(Person, p.id).job = "改岗"  # an ORM change of the person rides the same commit
    ctx.commit()
    deadlines.refresh(ctx, [p.id])
    ctx.commit()
    assert _stored(ctx, p.id) == (add_months(m(0, -20), 1), "谈话")


def test_leaving_development_clears_the_deadline_and_a_stage_change_recomputes_it(ctx, city):
    p = f.make_person(ctx, city.branch_a1a, stage="probationary", joined_on=m(-11))
    assert _stored(ctx, p.id) == _computed(ctx, p.id) != (None, None)
    person = ctx.get(Person, p.id)
    person.stage, person.full_on = "full", m(0)
    ctx.commit()
    assert _stored(ctx, p.id) == (None, None)


def test_changing_the_rule_settings_moves_every_deadline(ctx, city):
    p = f.make_person(ctx, city.branch_a1a, stage="activist", activist_on=m(-2))
    before = _stored(ctx, p.id)
    values = rule_config.current_values(ctx)
    values["inspection_months"] = 3 if values["inspection_months"] != 3 else 4
    rule_config.update(ctx, city.city_admin, values)
    after = _stored(ctx, p.id)
    assert after == _computed(ctx, p.id) and after[0] != before[0]
    assert after == (add_months(m(-2), values["inspection_months"]) - timedelta(days=1), "支部考察")


def test_the_home_reminder_counts_every_deadline_of_the_jurisdiction(ctx, city, login):
    """More developing people than any sample: the count is the whole jurisdiction's."""
    for i in range(2100):
        f.make_person(ctx, city.branch_a1a if i % 2 else city.branch_b1, name=f"积极{i}",
                      stage="activist", activist_on=m(-13, -(i % 20)), commit=False)
    ctx.commit()
    due = counts.due_within(ctx, city.city_admin, first=10)
    people = ctx.execute(select(Person).where(Person.stage == "activist")).scalars().all()
    files = pipeline.load_files(ctx, people, clock.today())
    settings = rule_config.load(ctx)
    soon = clock.today() + timedelta(days=30)
    within = [p for p in people if (d := pipeline.next_deadline(files[p.id], settings)[0])
              is not None and d <= soon]
    assert due.total == len(within) > 2000
    html = login("city_admin").get("/admin/").get_data(as_text=True)
    assert f"另有{len(within) - 10}项发展党员期限在30天内到期" in html
    district = counts.due_within(ctx, city.district_b_admin, first=10)
    assert district.total == sum(1 for p in within if p.org_id == city.branch_b1.id)


def test_the_last_paid_month_follows_every_payment_change(ctx, city):
    p = f.make_person(ctx, city.branch_a1a, stage="full", joined_on=m(-60))
    assert dues.paid_until(ctx, p.id) is None

    def pay(start, end):
        row = DuesPayment(person_id=p.id, paid_on=m(0), month_from=start, month_to=end,
                          monthly_amount=10, amount=10)
        ctx.add(row)
        ctx.commit()
        return row

    first = pay(m(-12).replace(day=1), m(-10).replace(day=1))
    second = pay(m(-9).replace(day=1), m(-8).replace(day=1))
    assert dues.paid_until(ctx, p.id) == m(-8).replace(day=1)
    second.month_to = m(-7).replace(day=1)
    ctx.commit()
    assert dues.paid_until(ctx, p.id) == m(-7).replace(day=1)
    ctx.delete(second)
    ctx.commit()
    assert dues.paid_until(ctx, p.id) == m(-10).replace(day=1)
    assert dues.arrears_count(ctx, city.city_admin, since=m(-24)) == 1
    ctx.delete(first)
    ctx.commit()
    assert dues.paid_until(ctx, p.id) is None
    assert dues.arrears_count(ctx, city.city_admin, since=m(-1)) == 0  # recorded only lately


def test_the_runner_moves_on_a_deadline_once_its_inspection_period_has_passed(app, ctx, city,
                                                                               branch):
    months = rule_config.load(ctx).inspection_months
    p = f.make_person(ctx, city.branch_a1a, name="积极分子", stage="activist",
                      activist_on=m(-months, 10))  # the first period ends in 9 days
    add(branch, ctx, p.id, "inspection", on_date=m(0, -3), content="考察良好", host="王书记")
    first_end = add_months(m(-months, 10), months) - timedelta(days=1)
    assert _stored(ctx, p.id) == (first_end, "支部考察")
    later = first_end + timedelta(days=2)
    assert deadlines.refresh_passed(ctx, today=later) == 1  # the period is over and inspected
    ctx.commit()
    assert _stored(ctx, p.id) == (add_months(m(-months, 10), 2 * months) - timedelta(days=1),
                                  "支部考察")
    from admin_app import export_runner

    last: dict = {}
    export_runner.upkeep(app, last)  # the runner's chores run (fold, deadlines, expiry)
    assert set(last) == {"expiry", "fold", "deadlines", "statistics", "everyone"}


# --- the kept number of lights --------------------------------------------------------------

def _lights(ctx, pid):
    ctx.expire_all()
    p = ctx.get(Person, pid)
    files = pipeline.load_files(ctx, [p], clock.today())
    return p.dev_lights, pipeline.progress(files[p.id], rule_config.load(ctx)).lights


def test_the_kept_lights_follow_the_records_written_through_the_pages(ctx, city, branch):
    young = f.make_person(ctx, city.branch_a1a, name="未成年", stage="applicant",
                          birth_date=m(-12 * 17))
    rec = add(branch, ctx, young.id, "application", on_date=m(0, -5))
    kept, computed = _lights(ctx, young.id)
    assert kept == computed >= 1  # applying before 18 lights a light
    branch.post(f"/admin/development/record/{rec.id}/review", data={"decision": "approve"})
    assert _lights(ctx, young.id)[0] == _lights(ctx, young.id)[1]
    person = ctx.get(Person, young.id)
    person.stage, person.status = "applicant", "ended"  # leaves development: nothing kept
    ctx.commit()
    assert _lights(ctx, young.id)[0] is None


def test_an_attachment_written_in_a_transaction_works_out_its_persons_file_again(
        ctx, city, branch, monkeypatch):
    from models import DevAttachment

    p = f.make_person(ctx, city.branch_a1a, name="附件人", stage="applicant")
    rec = add(branch, ctx, p.id, "application", on_date=m(0, -5))
    seen = []
    monkeypatch.setattr(deadlines, "refresh", lambda session, ids, *a, **k: seen.append(set(ids)))
    ctx.add(DevAttachment(record_id=rec.id, person_id=p.id, filename="申请书.pdf",
                          mime="application/pdf", size=10, stored_name="lights-test.pdf"))
    ctx.commit()
    assert seen == [{p.id}]


def test_the_lit_filter_counts_every_lit_person_of_the_jurisdiction(ctx, city, login):
    young = [f.make_person(ctx, city.branch_a1a if i % 2 else city.branch_a1b,
                           name=f"亮灯{i:02d}", stage="activist", activist_on=m(-1),
                           birth_date=m(-12 * 17)) for i in range(25)]
    quiet = f.make_person(ctx, city.branch_a1a, name="无灯人", stage="activist",
                          activist_on=m(-1))
    ctx.execute(Person.__table__.update().where(Person.id == quiet.id).values(dev_lights=0))
    ctx.commit()
    lit_ids = {p.id for p in young if _lights(ctx, p.id)[0]}
    assert len(lit_ids) == 25

    client = login("district_admin")
    first = client.get("/admin/dev_activist/?pipeline=lit").get_data(as_text=True)
    second = client.get("/admin/dev_activist/?pipeline=lit&page=1").get_data(as_text=True)

    shown = set(re.findall(r"亮灯\d\d", first)) | set(re.findall(r"亮灯\d\d", second))
    assert shown == {p.name for p in young}
    assert "无灯人" not in first + second
