"""Registering people: ID number rules, duplicates, scope, derived fields."""
from datetime import date

import pytest

from actions.errors import DomainError, NotInScope
from actions.members import people
from tests import factories as f


def fields(**kw):
    values = dict(name="李四", stage="full", joined_on=date(2015, 7, 1))
    values.update(kw)
    return people.PersonFields(**values)


def test_birth_date_sex_and_initials_are_derived(ctx, city):
    number = f.id_number(date(1990, 3, 4), male=False)

    person = people.create_person(ctx, city.branch_admin, city.branch_a1a.id,
                                  number, fields(name="王小红"))

    assert person.birth_date == date(1990, 3, 4)
    assert person.sex == "2"
    assert person.name_initials == "wxh"
    assert person.org_path == city.branch_a1a.path


def test_people_entered_in_an_organisation_requiring_approval_wait(ctx, city):
    person = people.create_person(ctx, city.branch_admin, city.branch_a1a.id, f.id_number(), fields())

    assert person.status == "pending"


def test_people_entered_elsewhere_are_on_the_roll_at_once(ctx, city):
    person = people.create_person(ctx, city.sibling_admin, city.branch_a1b.id, f.id_number(), fields())

    assert person.status == "normal"


def test_duplicate_id_number_is_refused(ctx, city):
    existing = f.make_person(ctx, city.branch_b1)

    with pytest.raises(DomainError) as err:
        people.create_person(ctx, city.branch_admin, city.branch_a1a.id, existing.id_number.lower(),
                             fields())

    assert err.value.field == "id_number" and "已登记" in err.value.message


def test_organisation_outside_scope_is_refused(ctx, city):
    with pytest.raises(NotInScope):
        people.create_person(ctx, city.branch_admin, city.branch_a1b.id, f.id_number(), fields())


@pytest.mark.parametrize("kw, field", [
    (dict(name=" "), "name"),
    (dict(ethnicity="99"), "ethnicity"),
    (dict(joined_on=None), "joined_on"),
    (dict(joined_on=date(2999, 1, 1)), "joined_on"),
    (dict(full_on=date(2000, 1, 1)), "full_on"),
    (dict(education="77"), "education"),
])
def test_invalid_fields_are_refused_at_the_field(ctx, city, kw, field):
    with pytest.raises(DomainError) as err:
        people.create_person(ctx, city.branch_admin, city.branch_a1a.id, f.id_number(), fields(**kw))

    assert err.value.field == field


def test_initials_read_each_character():
    assert people.initials("张三") == "zs"
    assert people.initials("欧阳明") == "oym"
