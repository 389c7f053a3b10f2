"""Delegates: entry by ID number in scope, qualification changes, statistics as percentages."""
from datetime import date

import pytest

from actions import delegates
from actions.errors import NotInScope, RuleViolation
from actions.stats import delegates as delegate_stats
from actions.stats.delegates import StatsQuery
from models import Delegate
from tests import factories as f


def _delegate(ctx, person, level, term, status="active"):
    row = Delegate(person_id=person.id, level=level, term=term, status=status)
    ctx.add(row)
    ctx.commit()
    return row


@pytest.fixture
def known(ctx, city):
    """Ten delegates in branch A1a, two in the committee A1, one in district B.

    In A1a: 4 are provincial (2) and city (3) delegates; 2 only provincial; 4 only city.
    Terms: p0-p3 hold terms 12, 11 and 9 (three); p4 is provincial in terms 12 and 11 (two);
    everyone else holds one term. A terminated delegate and one in district B are not counted.
    """
    people = [f.make_person(ctx, city.branch_a1a, f"代表{i}") for i in range(10)]
    for i, p in enumerate(people):
        if i < 6:
            _delegate(ctx, p, "2", 12)
        if i < 4 or i >= 6:
            _delegate(ctx, p, "3", 11)
        if i < 4:
            _delegate(ctx, p, "3", 9)
        if i == 4:
            _delegate(ctx, p, "2", 11)
    own = [f.make_person(ctx, city.committee_a1, f"本级{i}") for i in range(2)]
    _delegate(ctx, own[0], "3", 11)
    _delegate(ctx, own[1], "4", 5)
    _delegate(ctx, f.make_person(ctx, city.branch_b1, "乙区"), "2", 12)
    _delegate(ctx, f.make_person(ctx, city.branch_a1a, "已终止"), "2", 12, status="terminated")
    return people


def _rows(result):
    return {r["key"]: (r["count"], r["percent"]) for r in result["rows"]}


def test_statistics_give_overlap_exclusion_crossing_joint_and_terms_as_percentages(ctx, city, known):
    result = delegate_stats.compute(ctx, city.committee_admin, StatsQuery(
        overlap=["2", "3"], include="2", exclude="3", terms=[9, 11], joint_levels=2, joint_terms=2))

    rows = _rows(result)
    assert result["base"] == 12
    assert rows["overlap"] == (4, "33.3%")
    assert rows["exclusion"] == (2, "16.7%")
    assert rows["crossing"] == (4, "33.3%")
    assert rows["joint"] == (4, "33.3%")
    assert rows["terms_1"] == (7, "58.3%") and rows["terms_2"] == (1, "8.3%")
    assert rows["terms_3"] == (4, "33.3%")


def test_own_organisation_statistics_count_only_its_own_delegates(ctx, city, known):
    result = delegate_stats.compute(ctx, city.committee_admin, StatsQuery(own_only=True))

    assert result["base"] == 2
    assert _rows(result)["level_3"] == (1, "50.0%")


def test_statistics_of_an_empty_scope_are_zero_not_an_error(ctx, city):
    result = delegate_stats.compute(ctx, city.branch_admin, StatsQuery(terms=[1]))

    assert result["base"] == 0 and _rows(result)["overlap"] == (0, "0.0%")


def test_a_delegate_is_entered_by_the_id_number_of_a_member_in_scope(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    stranger = f.make_person(ctx, city.branch_a1b)

    row = delegates.add_delegate(ctx, city.branch_operator, person.id_number,
                                 {"level": "3", "term": 11})
    with pytest.raises(NotInScope):
        delegates.add_delegate(ctx, city.branch_operator, stranger.id_number,
                               {"level": "3", "term": 11})
    with pytest.raises(RuleViolation, match="已是该层级该届次"):
        delegates.add_delegate(ctx, city.branch_operator, person.id_number,
                               {"level": "3", "term": 11})

    assert row.person_id == person.id and row.status == "active"


@pytest.mark.parametrize("values, field", [
    ({"level": "9", "term": 1}, "level"),
    ({"level": "1", "term": 0}, "term"),
    ({"level": "1", "term": 3, "category": "77"}, "category"),
])
def test_invalid_delegate_values_are_refused_at_their_field(ctx, city, values, field):
    person = f.make_person(ctx, city.branch_a1a)

    with pytest.raises(RuleViolation) as err:
        delegates.add_delegate(ctx, city.branch_operator, person.id_number, values)

    assert err.value.field == field


def test_terminating_a_qualification_needs_the_date_and_the_reason(ctx, city):
    row = _delegate(ctx, f.make_person(ctx, city.branch_a1a), "3", 11)

    with pytest.raises(RuleViolation, match="终止资格日期"):
        delegates.change_qualification(ctx, city.branch_operator, row, "terminated", None, "调离")
    ctx.rollback()
    with pytest.raises(RuleViolation, match="终止资格原因"):
        delegates.change_qualification(ctx, city.branch_operator, row, "terminated",
                                       date(2024, 5, 1), " ")
    ctx.rollback()
    delegates.change_qualification(ctx, city.branch_operator, row, "terminated", date(2024, 5, 1),
                                   "调离本选区")

    ctx.expire_all()
    assert (row.status, row.terminated_on, row.termination_reason) == (
        "terminated", date(2024, 5, 1), "调离本选区")
