"""Stage advancement: one stage at a time, dated, in order, inside the jurisdiction."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from actions import clock
from actions.development import stages
from actions.errors import NotInScope, PermissionDenied, RuleViolation
from tests import factories as f


@pytest.fixture
def applicant(ctx, city):
    return f.make_person(ctx, city.branch_a1a, name="阶段甲", stage="applicant",
                         applied_on=date(2023, 1, 10))


def test_a_person_moves_through_every_stage_with_its_date(ctx, city, applicant):
    actor = city.branch_admin

    stages.advance_to_activist(ctx, actor, applicant, date(2023, 3, 1))
    stages.advance_to_target(ctx, actor, applicant, date(2024, 3, 1))
    stages.admit_probationary(ctx, actor, applicant, date(2024, 6, 1))
    stages.convert_to_full(ctx, actor, applicant, date(2025, 6, 1))

    ctx.expire_all()
    got = ctx.get(type(applicant), applicant.id)
    assert (got.stage, got.activist_on, got.target_on, got.joined_on, got.full_on) == (
        "full", date(2023, 3, 1), date(2024, 3, 1), date(2024, 6, 1), date(2025, 6, 1))


@pytest.mark.parametrize("call, day, message", [
    (stages.advance_to_target, date(2023, 3, 1), "只能从上一阶段进入本阶段"),
    (stages.advance_to_activist, date(2022, 1, 1), "不能早于上一阶段日期"),
    (stages.advance_to_activist, clock.today() + timedelta(days=1), "不能晚于今天"),
    (stages.advance_to_activist, None, "请填写确定积极分子日期"),
])
def test_wrong_advancement_is_refused_and_changes_nothing(ctx, city, applicant, call, day,
                                                          message):
    with pytest.raises(RuleViolation) as err:
        call(ctx, city.branch_admin, applicant, day)

    ctx.rollback()
    ctx.expire_all()
    assert message in err.value.message
    assert ctx.get(type(applicant), applicant.id).stage == "applicant"


def test_advancement_needs_scope_and_an_operator(ctx, city, applicant):
    with pytest.raises(NotInScope):
        stages.advance_to_activist(ctx, city.sibling_admin, applicant, date(2023, 3, 1))
    with pytest.raises(PermissionDenied):
        stages.advance_to_activist(ctx, city.branch_viewer, applicant, date(2023, 3, 1))


def test_ending_development_keeps_the_person_with_the_reason(ctx, city, applicant):
    with pytest.raises(RuleViolation):
        stages.end_development(ctx, city.branch_admin, applicant, " ")

    rec = stages.end_development(ctx, city.branch_admin, applicant, "本人申请撤回")

    ctx.expire_all()
    assert ctx.get(type(applicant), applicant.id).status == "ended"
    assert rec.reason == "本人申请撤回"
    with pytest.raises(RuleViolation):
        stages.advance_to_activist(ctx, city.branch_admin, applicant, date(2023, 3, 1))
