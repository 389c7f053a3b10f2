"""Approval of new members entered in organisations that require the parent's approval."""
from datetime import date

import pytest
from sqlalchemy import select

from actions.errors import Conflict, NotInScope, PermissionDenied, RuleViolation
from actions.members import approvals, people
from models import ApprovalDecision, AuditLog, Person
from tests import factories as f


def enter(ctx, city, user=None):
    fields = people.PersonFields(name="王小明", stage="full", joined_on=date(2015, 7, 1))
    return people.create_person(ctx, user or city.branch_admin, city.branch_a1a.id, f.id_number(),
                                fields)


def test_person_entered_in_approval_branch_waits_for_approval(ctx, city):
    person = enter(ctx, city)

    assert person.status == "pending"


def test_parent_approval_makes_a_direct_member_of_the_submitting_branch(ctx, city):
    person = enter(ctx, city)

    approvals.approve(ctx, city.committee_admin, person.id, note="同意")

    ctx.expire_all()
    person = ctx.get(Person, person.id)
    assert (person.status, person.management, person.org_id) == ("normal", "direct",
                                                                  city.branch_a1a.id)
    assert [d.decision for d in approvals.decisions(ctx, person.id)] == ["approved"]


def test_any_ancestor_organisation_may_approve(ctx, city):
    person = enter(ctx, city)

    approvals.approve(ctx, city.district_admin, person.id)

    assert ctx.get(Person, person.id).status == "normal"


def test_submitting_branch_cannot_approve_its_own_entry(ctx, city):
    person = enter(ctx, city)

    with pytest.raises(PermissionDenied):
        approvals.approve(ctx, city.branch_admin, person.id)


def test_other_district_cannot_approve(ctx, city):
    person = enter(ctx, city)

    with pytest.raises(NotInScope):
        approvals.approve(ctx, city.district_b_admin, person.id)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_rejection_needs_a_reason(ctx, city, reason):
    person = enter(ctx, city)

    with pytest.raises(RuleViolation) as err:
        approvals.reject(ctx, city.committee_admin, person.id, reason)

    assert err.value.field == "reason"
    ctx.rollback()
    assert ctx.get(Person, person.id).status == "pending"


def test_rejected_person_returns_with_reason_and_can_be_resubmitted(ctx, city):
    person = enter(ctx, city)

    approvals.reject(ctx, city.committee_admin, person.id, "入党日期有误")
    assert ctx.get(Person, person.id).status == "returned"
    approvals.resubmit(ctx, city.branch_admin, person.id)

    assert ctx.get(Person, person.id).status == "pending"
    assert approvals.decisions(ctx, person.id)[0].reason == "入党日期有误"


def test_second_decision_on_a_decided_person_is_a_conflict(ctx, city):
    person = enter(ctx, city)
    approvals.approve(ctx, city.committee_admin, person.id)

    with pytest.raises(Conflict):
        approvals.reject(ctx, city.district_admin, person.id, "晚到的退回")


def test_decision_with_a_stale_version_is_a_conflict(ctx, city):
    person = enter(ctx, city)
    seen = person.version
    approvals.reject(ctx, city.committee_admin, person.id, "退回")
    approvals.resubmit(ctx, city.branch_admin, person.id)

    with pytest.raises(Conflict):
        approvals.approve(ctx, city.district_admin, person.id, version=seen)


def test_every_decision_is_in_the_persons_history(ctx, city):
    person = enter(ctx, city)

    approvals.reject(ctx, city.committee_admin, person.id, "材料不全")
    approvals.resubmit(ctx, city.branch_admin, person.id)
    approvals.approve(ctx, city.committee_admin, person.id)

    summaries = ctx.execute(select(AuditLog.summary).where(AuditLog.person_id == person.id)
                            .order_by(AuditLog.id)).scalars().all()
    assert any("退回：材料不全" in s for s in summaries)
    assert any("通过" in s for s in summaries)
    assert sum("状态" in s for s in summaries) == 3


def test_only_rejected_never_approved_entries_can_be_deleted(ctx, city):
    rejected = enter(ctx, city)
    approvals.reject(ctx, city.committee_admin, rejected.id, "重复录入")

    n = approvals.delete_rejected(ctx, city.branch_admin, [rejected])

    assert n == 1
    assert ctx.get(Person, rejected.id) is None
    assert ctx.execute(select(ApprovalDecision)).first() is None


@pytest.mark.parametrize("state", ["pending", "normal", "approved_then_returned"])
def test_other_entries_cannot_be_deleted(ctx, city, state):
    person = enter(ctx, city)
    if state == "normal":
        approvals.approve(ctx, city.committee_admin, person.id)
    if state == "approved_then_returned":
        approvals.approve(ctx, city.committee_admin, person.id)
        person.status = "returned"  # a returned status after an approval must still be protected
        ctx.commit()

    with pytest.raises(RuleViolation):
        approvals.delete_rejected(ctx, city.branch_admin, [ctx.get(Person, person.id)])

    ctx.rollback()
    assert ctx.get(Person, person.id) is not None
