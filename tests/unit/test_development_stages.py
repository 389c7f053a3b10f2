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
    _prereview_passed(ctx, applicant)
    stages.admit_probationary(ctx, actor, applicant, date(2024, 6, 1))
    stages.convert_to_full(ctx, actor, applicant, date(2025, 6, 1))

    ctx.expire_all()
    got = ctx.get(type(applicant), applicant.id)
    assert (got.stage, got.activist_on, got.target_on, got.joined_on, got.full_on) == (
        "full", date(2023, 3, 1), date(2024, 3, 1), date(2024, 6, 1), date(2025, 6, 1))


@pytest.mark.parametrize("call, day, message", [
    (stages.advance_to_target, date(2023, 3, 1), "只能从“入党积极分子”进入“发展对象”"),
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


def _prereview_passed(ctx, person):
    from models import DevSubmission

    ctx.add(DevSubmission(person_id=person.id, kind="prereview", org_id=person.org_id,
                          status="approved", decided_on=date(2024, 5, 1)))
    ctx.commit()


def _probationary(ctx, city, applicant, joined):
    actor = city.branch_admin
    stages.advance_to_activist(ctx, actor, applicant, date(2023, 3, 1))
    stages.advance_to_target(ctx, actor, applicant, date(2024, 3, 1))
    _prereview_passed(ctx, applicant)
    stages.admit_probationary(ctx, actor, applicant, joined)


def test_admission_without_a_passed_prereview_is_refused_naming_the_article(ctx, city, applicant):
    stages.advance_to_activist(ctx, city.branch_admin, applicant, date(2023, 3, 1))
    stages.advance_to_target(ctx, city.branch_admin, applicant, date(2024, 3, 1))

    with pytest.raises(RuleViolation) as err:
        stages.admit_probationary(ctx, city.branch_admin, applicant, date(2024, 6, 1))

    assert "第十九条" in err.value.message


def test_conversion_before_the_probation_year_ends_is_refused_naming_the_article(ctx, city,
                                                                                 applicant):
    joined = clock.today() - timedelta(days=30)
    _probationary(ctx, city, applicant, joined)

    with pytest.raises(RuleViolation) as err:
        stages.convert_to_full(ctx, city.branch_admin, applicant, joined,
                               decided_on=clock.today())

    ctx.rollback()
    ctx.expire_all()
    assert "第三十二条" in err.value.message
    got = ctx.get(type(applicant), applicant.id)
    assert (got.stage, got.full_on) == ("probationary", None)


def test_a_full_date_in_the_future_is_refused_so_status_and_dates_agree(ctx, city, applicant):
    joined = clock.today() - timedelta(days=200)
    _probationary(ctx, city, applicant, joined)

    with pytest.raises(RuleViolation):
        stages.convert_to_full(ctx, city.branch_admin, applicant)

    ctx.rollback()
    ctx.expire_all()
    assert ctx.get(type(applicant), applicant.id).stage == "probationary"


def test_an_approval_dated_before_the_branch_decision_is_refused(ctx, city, applicant):
    with pytest.raises(RuleViolation) as err:
        stages.advance_to_activist(ctx, city.branch_admin, applicant, date(2023, 3, 1),
                                   decided_on=date(2023, 2, 1))

    assert "不能早于支部的决定日期" in err.value.message


def test_an_under_age_target_cannot_be_admitted(ctx, city):
    young = f.make_person(ctx, city.branch_a1a, name="年少", stage="target",
                          birth_date=clock.today() - timedelta(days=365 * 17),
                          target_on=clock.today() - timedelta(days=30))
    _prereview_passed(ctx, young)

    with pytest.raises(RuleViolation) as err:
        stages.admit_probationary(ctx, city.branch_admin, young, clock.today())

    assert "年满十八周岁" in err.value.message


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
