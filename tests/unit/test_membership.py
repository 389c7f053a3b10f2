"""党籍 changes and ID-number corrections keep every record and their history."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from actions import clock
from actions.errors import RuleViolation
from actions.members import membership
from models import IdNumberChange, Person, StatusChange
from models.codes import ON_ROLL, STATUS_CHANGE_LEAVING
from tests import factories as f

TODAY = clock.today()
LEAVING = [k for k in STATUS_CHANGE_LEAVING if k != "cancel_probation"]


@pytest.mark.parametrize("kind", LEAVING)
def test_each_leaving_type_takes_the_member_off_the_roll_and_keeps_the_row(ctx, city, kind):
    p = f.make_person(ctx, city.branch_a1a)

    membership.change_status(ctx, city.branch_admin, p, kind, TODAY, "原因")

    ctx.expire_all()
    person = ctx.get(Person, p.id)
    assert person is not None and person.status not in ON_ROLL
    assert membership.history(ctx, p.id)[0].kind == kind


def test_death_is_recorded_as_a_status_change_not_a_transfer(ctx, city):
    p = f.make_person(ctx, city.branch_a1a)

    membership.change_status(ctx, city.branch_admin, p, "death", TODAY, "病故")

    assert ctx.get(Person, p.id).status == "deceased"


def test_only_suspension_can_be_restored(ctx, city):
    suspended = f.make_person(ctx, city.branch_a1a, name="停止")
    expelled = f.make_person(ctx, city.branch_a1a, name="开除")
    membership.change_status(ctx, city.branch_admin, suspended, "suspend", TODAY, "出国定居")
    membership.change_status(ctx, city.branch_admin, expelled, "expel", TODAY, "违纪")

    membership.restore(ctx, city.branch_admin, suspended, TODAY, "回国恢复联系")
    with pytest.raises(RuleViolation):
        membership.restore(ctx, city.branch_admin, expelled, TODAY, "想恢复")

    assert ctx.get(Person, suspended.id).status == "normal"
    assert [c.kind for c in membership.history(ctx, suspended.id)] == ["suspend", "restore"]


def test_cancel_probation_applies_to_probationary_members_only(ctx, city):
    full = f.make_person(ctx, city.branch_a1a, stage="full")
    prob = f.make_person(ctx, city.branch_a1a, stage="probationary")

    with pytest.raises(RuleViolation):
        membership.change_status(ctx, city.branch_admin, full, "cancel_probation", TODAY, "x")
    ctx.rollback()
    membership.change_status(ctx, city.branch_admin, prob, "cancel_probation", TODAY, "不合格")

    assert ctx.get(Person, prob.id).status == "left"


@pytest.mark.parametrize("kind, on, reason, field", [
    ("", TODAY, "原因", "kind"), ("bogus", TODAY, "原因", "kind"), ("restore", TODAY, "原因", "kind"),
    ("transfer_in", TODAY, "原因", "kind"),
    ("death", None, "原因", "changed_on"), ("death", TODAY + timedelta(days=1), "原因", "changed_on"),
    ("death", TODAY, "  ", "reason"),
])
def test_status_change_needs_type_date_and_reason(ctx, city, kind, on, reason, field):
    p = f.make_person(ctx, city.branch_a1a)

    with pytest.raises(RuleViolation) as err:
        membership.change_status(ctx, city.branch_admin, p, kind, on, reason)

    assert err.value.field == field
    ctx.rollback()
    assert ctx.get(Person, p.id).status == "normal"
    assert ctx.execute(select(StatusChange)).first() is None


def test_a_removed_member_cannot_get_a_second_change(ctx, city):
    p = f.make_person(ctx, city.branch_a1a)
    membership.change_status(ctx, city.branch_admin, p, "death", TODAY, "病故")

    with pytest.raises(RuleViolation):
        membership.change_status(ctx, city.branch_admin, p, "expel", TODAY, "x")


def test_id_number_change_keeps_the_old_number_and_updates_birth_and_sex(ctx, city):
    p = f.make_person(ctx, city.branch_a1a)
    old = p.id_number
    new = f.id_number(date(1981, 2, 3), male=False)

    membership.change_id_number(ctx, city.branch_admin, p, new, "身份证号码录入错误")

    person = ctx.get(Person, p.id)
    assert (person.id_number, person.birth_date, person.sex) == (new, date(1981, 2, 3), "2")
    assert [(c.old_number, c.new_number) for c in membership.former_numbers(ctx, p.id)] == [(old, new)]


@pytest.mark.parametrize("case", ["invalid", "same", "taken", "no_reason"])
def test_id_number_change_refuses_bad_input(ctx, city, case):
    p = f.make_person(ctx, city.branch_a1a)
    other = f.make_person(ctx, city.branch_b1, name="别人")
    new = {"invalid": "43010219800517001X", "same": p.id_number, "taken": other.id_number,
           "no_reason": f.id_number()}[case]

    with pytest.raises(RuleViolation):
        membership.change_id_number(ctx, city.branch_admin, p, new, "" if case == "no_reason" else "改")

    ctx.rollback()
    assert ctx.execute(select(IdNumberChange)).first() is None


def test_leaving_member_no_longer_counts_as_flowing(ctx, city):
    from actions.members import flows

    p = f.make_person(ctx, city.branch_a1a)
    flow = flows.flow_out(ctx, city.branch_admin, p, flows.FlowFields(
        out_on=TODAY, place="外省", reason="务工", dest_unit="某公司"))

    membership.change_status(ctx, city.branch_admin, p, "death", TODAY, "病故")

    assert (flow.status, ctx.get(Person, p.id).status) == ("ended", "deceased")
