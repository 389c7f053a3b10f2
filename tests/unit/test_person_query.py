"""信息查询: conditions on every field, 本级 and 辖区, and the manual's two constraints."""
from __future__ import annotations

from datetime import date

import pytest

from actions.errors import NotInScope, RuleViolation
from actions.members import query as Q
from actions.members.query import Criteria
from tests import factories as f


@pytest.fixture
def crowd(ctx, city):
    a, b = city.branch_a1a, city.branch_a1b
    return {
        "zhang": f.make_person(ctx, a, "张三", native_place="湖南长沙", job="医生", phone="13800001111",
                               birth_date=date(1980, 5, 17), education="21", category="01",
                               joined_on=date(2001, 7, 1)),
        "li": f.make_person(ctx, a, "李四", male=False, birth_date=date(1995, 3, 1), education="14",
                            joined_on=date(2020, 7, 1)),
        "wang": f.make_person(ctx, b, "王五", birth_date=date(1960, 1, 1), lost_contact=True),
        "inflow": f.make_person(ctx, b, "赵流入", management="inflow"),
        "activist": f.make_person(ctx, a, "钱积极", stage="activist"),
        "pending": f.make_person(ctx, a, "孙待批", status="pending"),
        "far": f.make_person(ctx, city.branch_b1, "周远方"),
    }


def names(ctx, user, c: Criteria, require=True):
    return sorted(p.name for p in ctx.execute(Q.search(ctx, user, c, require)).scalars())


def test_query_needs_at_least_one_condition(ctx, city, crowd):
    with pytest.raises(RuleViolation) as err:
        names(ctx, city.committee_admin, Criteria(mode="all"))

    assert "至少选择一个查询条件" in err.value.message


def test_query_all_lists_the_whole_jurisdiction_of_the_object(ctx, city, crowd):
    assert names(ctx, city.committee_admin, Criteria(mode="all"), require=False) == [
        "张三", "李四", "王五"]


def test_jurisdiction_mode_refuses_an_organisation(ctx, city, crowd):
    with pytest.raises(RuleViolation) as err:
        names(ctx, city.committee_admin, Criteria(mode="all", org_id=city.branch_a1a.id))

    assert err.value.field == "org"


def test_own_level_mode_lists_only_the_chosen_organisation(ctx, city, crowd):
    c = Criteria(mode="own", org_id=city.branch_a1b.id)

    assert names(ctx, city.committee_admin, c) == ["王五"]


def test_own_level_mode_outside_the_scope_is_refused(ctx, city, crowd):
    with pytest.raises(NotInScope):
        names(ctx, city.branch_admin, Criteria(mode="own", org_id=city.branch_b1.id))


@pytest.mark.parametrize("obj, expected", [
    ("direct", ["张三", "李四", "王五"]), ("inflow", ["赵流入"]), ("activist", ["钱积极"]),
    ("members", ["张三", "李四", "王五", "赵流入"]), ("target", []),
])
def test_query_object_chooses_the_people(ctx, city, crowd, obj, expected):
    c = Criteria(object=obj, mode="all")

    assert names(ctx, city.committee_admin, c, require=False) == expected


@pytest.mark.parametrize("kw, expected", [
    (dict(text={"name": "张"}), ["张三"]),
    (dict(text={"name": "zs"}), []),
    (dict(codes={"sex": ["2"]}), ["李四"]),
    (dict(codes={"education": ["21", "14"]}), ["张三", "李四"]),
    (dict(codes={"category": ["01"]}), ["张三"]),
    (dict(text={"native_place": "长沙"}), ["张三"]),
    (dict(text={"job": "医"}), ["张三"]),
    (dict(text={"phone": "0000111"}), ["张三"]),
    (dict(dates={"birth_date": (date(1990, 1, 1), None)}), ["李四"]),
    (dict(dates={"joined_on": (date(2000, 1, 1), date(2005, 12, 31))}), ["张三"]),
    (dict(age=(60, None)), ["王五"]),
    (dict(age=(30, 50)), ["张三", "李四"]),
    (dict(party_age=(None, 10)), ["李四"]),
    (dict(lost_contact=True), ["王五"]),
])
def test_conditions_on_fields_narrow_the_result(ctx, city, crowd, kw, expected):
    c = Criteria(mode="all", **kw)

    assert names(ctx, city.committee_admin, c) == expected


def test_id_number_prefix_matches(ctx, city, crowd):
    number = crowd["li"].id_number

    assert names(ctx, city.committee_admin, Criteria(mode="all", text={"id_number": number[:14]})
                 ) == ["李四"]


@pytest.mark.parametrize("kw, field", [
    (dict(codes={"sex": ["9"]}), "sex"),
    (dict(dates={"birth_date": (date(2000, 1, 1), date(1990, 1, 1))}), "birth_date"),
    (dict(age=(50, 40)), "age"),
    (dict(object="nobody", lost_contact=True), "object"),
])
def test_invalid_conditions_are_refused(ctx, city, kw, field):
    with pytest.raises(RuleViolation) as err:
        names(ctx, city.committee_admin, Criteria(mode="all", **kw))

    assert err.value.field == field


def test_a_branch_user_never_sees_other_branches(ctx, city, crowd):
    c = Criteria(object="members", mode="all")

    assert names(ctx, city.sibling_admin, c, require=False) == ["王五", "赵流入"]
