"""Dates that can be: joining at 18 or later, full membership after joining, nothing founded or
joined in the future — each refused at its field."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from actions import clock
from actions.errors import RuleViolation
from actions.members import people
from actions.orgs import tree as orgs
from tests import factories as f


def register(ctx, city, born, **dates):
    fields = people.PersonFields(name="日期甲", stage="full", **dates)
    return people.create_person(ctx, city.committee_admin, city.branch_a1b.id, f.id_number(born),
                                fields)


def test_joining_before_the_eighteenth_birthday_is_refused_at_the_joining_date(ctx, city):
    with pytest.raises(RuleViolation) as err:
        register(ctx, city, date(1993, 5, 17), joined_on=date(1950, 7, 1))

    assert err.value.field == "joined_on" and "18周岁" in err.value.message
    with pytest.raises(RuleViolation):
        register(ctx, city, date(1993, 5, 17), joined_on=date(2011, 5, 16))


def test_joining_on_the_eighteenth_birthday_is_accepted(ctx, city):
    person = register(ctx, city, date(1993, 5, 17), joined_on=date(2011, 5, 17))

    assert person.joined_on == date(2011, 5, 17)


def test_full_membership_on_or_before_joining_is_refused(ctx, city):
    for full in (date(2015, 7, 1), date(2014, 7, 1)):
        with pytest.raises(RuleViolation) as err:
            register(ctx, city, date(1980, 1, 1), joined_on=date(2015, 7, 1), full_on=full)
        assert err.value.field == "full_on"


def test_dates_in_the_future_or_before_birth_are_refused(ctx, city):
    tomorrow = clock.today() + timedelta(days=1)
    with pytest.raises(RuleViolation) as err:
        register(ctx, city, date(1980, 1, 1), joined_on=date(2010, 7, 1), full_on=tomorrow)
    assert err.value.field == "full_on"
    with pytest.raises(RuleViolation) as err:
        register(ctx, city, date(1980, 1, 1), joined_on=date(2010, 7, 1),
                 applied_on=date(1979, 1, 1))
    assert err.value.field == "applied_on"


def test_an_organisation_founded_in_the_future_is_refused_at_the_founding_date(ctx, city):
    fields = orgs.OrgFields(name="中共未来支部委员会", kind="branch", founded_on=date(2999, 1, 1))

    with pytest.raises(RuleViolation) as err:
        orgs.create_org(ctx, city.district_admin, city.district_a.id, "077", fields)

    assert err.value.field == "founded_on"
