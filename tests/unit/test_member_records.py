"""Member records: added, corrected and deleted inside the jurisdiction, every write audited."""
from datetime import date, timedelta

import pytest

from actions import clock
from actions.errors import NotInScope, PermissionDenied, RuleViolation
from actions.members import records
from models import Activity, AuditLog, Evaluation
from tests import factories as f

VALID = {
    "activity": {"title": "主题党日", "held_on": date(2024, 7, 1)},
    "evaluation": {"year": 2023, "evaluated_on": date(2024, 1, 10), "grade": "1"},
    "reward": {"title": "优秀共产党员", "awarded_on": date(2024, 7, 1)},
    "punishment": {"kind": "1", "punished_on": date(2024, 3, 1), "reason": "违反纪律"},
    "dues": {"dues_class": "retired", "income_base": "4000", "month_from": date(2024, 1, 1),
             "paid_on": date(2024, 1, 5)},
}


@pytest.mark.parametrize("kind", list(VALID))
def test_operator_adds_edits_and_deletes_each_kind_of_record_with_audit(ctx, city, kind):
    person = f.make_person(ctx, city.branch_a1a)

    row = records.add_record(ctx, city.branch_operator, kind, person.id, VALID[kind])
    records.update_record(ctx, city.branch_operator, row, {**VALID[kind], "content": "更正"})
    records.delete_record(ctx, city.branch_operator, row)

    logged = [a.action for a in ctx.query(AuditLog).filter_by(object_type=row.__tablename__)
              .order_by(AuditLog.id)]
    assert logged == ["insert", "update", "delete"]
    assert ctx.get(type(row), row.id) is None


@pytest.mark.parametrize("kind, change, field", [
    ("activity", {"title": ""}, "title"),
    ("activity", {"held_on": clock.today() + timedelta(days=1)}, "held_on"),
    ("activity", {"held_on": None}, "held_on"),
    ("evaluation", {"grade": "7"}, "grade"),
    ("evaluation", {"year": 1800}, "year"),
    ("punishment", {"reason": " "}, "reason"),
    ("reward", {"title": "长" * 101}, "title"),
])
def test_invalid_records_are_refused_and_nothing_is_written(ctx, city, kind, change, field):
    person = f.make_person(ctx, city.branch_a1a)

    with pytest.raises(RuleViolation) as err:
        records.add_record(ctx, city.branch_operator, kind, person.id, {**VALID[kind], **change})

    assert err.value.field == field
    ctx.rollback()
    model = records.KINDS[kind]
    assert ctx.query(model).count() == 0
    assert ctx.query(AuditLog).filter_by(object_type=model.__tablename__).count() == 0


def test_a_member_has_one_evaluation_per_year(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    records.add_record(ctx, city.branch_operator, "evaluation", person.id, VALID["evaluation"])

    with pytest.raises(RuleViolation, match="该年度已有"):
        records.add_record(ctx, city.branch_operator, "evaluation", person.id, VALID["evaluation"])

    assert ctx.query(Evaluation).count() == 1


def test_records_of_a_person_outside_the_scope_cannot_be_added_or_touched(ctx, city):
    stranger = f.make_person(ctx, city.branch_a1b)
    row = records.add_record(ctx, city.sibling_admin, "activity", stranger.id, VALID["activity"])

    with pytest.raises(NotInScope):
        records.add_record(ctx, city.branch_admin, "activity", stranger.id, VALID["activity"])
    with pytest.raises(NotInScope):
        records.delete_record(ctx, city.branch_admin, row)

    assert ctx.query(Activity).count() == 1


def test_viewers_cannot_write_records(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)

    with pytest.raises(PermissionDenied):
        records.add_record(ctx, city.branch_viewer, "activity", person.id, VALID["activity"])


def test_records_are_only_for_members_not_applicants(ctx, city):
    applicant = f.make_person(ctx, city.branch_a1a, stage="applicant")

    with pytest.raises(RuleViolation, match="只能为党员"):
        records.add_record(ctx, city.branch_operator, "activity", applicant.id, VALID["activity"])
