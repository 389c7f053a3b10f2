"""Live statistics: summary and cross-table counts on a known data set, scope, saved definitions."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from actions.errors import NotInScope, PermissionDenied, RuleViolation
from actions.stats import tables as statistics
from actions.stats.tables import Spec
from models import Person
from tests import factories as f

TODAY = date(2026, 6, 30)


@pytest.fixture
def people(ctx, city):
    """Eight people in branch A1a, three in A1b, two in B1, with known attributes."""
    a, b, c = city.branch_a1a, city.branch_a1b, city.branch_b1
    rows = [  # org, stage, male, birth, education, management, status
        (a, "full", True, date(1990, 1, 1), "21", "direct", "normal"),
        (a, "full", False, date(1990, 1, 1), "21", "direct", "normal"),
        (a, "full", False, date(1960, 1, 1), "31", "direct", "normal"),
        (a, "probationary", True, date(2000, 1, 1), "21", "direct", "flowing"),
        (a, "full", True, date(1980, 1, 1), "14", "inflow", "normal"),
        (a, "activist", True, date(1999, 1, 1), "21", "direct", "normal"),
        (a, "full", True, date(1985, 1, 1), "21", "direct", "pending"),
        (a, "full", True, date(1985, 1, 1), "21", "direct", "left"),
        (b, "full", False, date(1970, 1, 1), "14", "direct", "normal"),
        (b, "full", True, date(1970, 1, 1), None, "direct", "normal"),
        (b, "probationary", False, date(1996, 7, 1), "21", "direct", "normal"),
        (c, "full", True, date(1950, 1, 1), "21", "direct", "normal"),
        (c, "full", False, date(1975, 1, 1), "31", "direct", "normal"),
    ]
    for i, (org, stage, male, birth, edu, mgmt, status) in enumerate(rows):
        f.make_person(ctx, org, f"人{i}", stage, male=male, birth_date=birth, education=edu,
                      management=mgmt, status=status)
    return rows


def run(ctx, user, **kw):
    return statistics.run(ctx, user, Spec(**kw), today=TODAY)


def test_summary_by_sex_counts_direct_members_on_the_roll(ctx, city, people):
    table = run(ctx, city.city_admin, object="direct", row="sex")

    assert [(label, table.row_totals[k]) for k, label in table.rows] == [("男", 4), ("女", 5)]
    assert table.total == 9


def test_summary_total_reconciles_with_an_independent_count(ctx, city, people):
    independent = ctx.execute(select(func.count()).select_from(Person).where(
        Person.management == "direct", Person.stage.in_(["full", "probationary"]),
        Person.status.in_(["normal", "flowing", "transfer_pending"]))).scalar_one()

    for dim in ("org", "sex", "age", "ethnicity", "education", "stage", "party_age",
                "join_year", "category"):
        table = run(ctx, city.city_admin, object="direct", row=dim)
        assert table.total == independent == sum(table.col_totals.values()), dim


def test_summary_by_organisation_groups_by_the_next_level(ctx, city, people):
    table = run(ctx, city.district_admin, object="direct", row="org")

    assert [(label, table.row_totals[k]) for k, label in table.rows] == [("中共甲区第一医院委员会", 7)]


def test_cross_table_has_cells_and_totals_that_add_up(ctx, city, people):
    table = run(ctx, city.city_admin, object="members", row="education", col="sex")

    assert table.cell("21", "1") == 3 and table.cell("21", "2") == 2
    assert table.cell("14", "1") == 1 and table.cell("14", "2") == 1
    assert table.cell(None, "1") == 1  # education not filled in
    assert table.rows[-1] == (None, "未填写")
    assert table.col_totals == {"1": 5, "2": 5}
    assert sum(table.row_totals.values()) == table.total == 10


@pytest.mark.parametrize("obj, expected", [
    ("direct", 9), ("inflow", 1), ("members", 10), ("activist", 1), ("target", 0), ("applicant", 0),
])
def test_query_object_selects_its_people_and_never_pending_or_left(ctx, city, people, obj, expected):
    assert run(ctx, city.city_admin, object=obj, row="stage").total == expected


@pytest.mark.parametrize("birth, band", [
    (date(1996, 7, 1), "a1"), (date(1995, 6, 30), "a2"), (date(1991, 7, 1), "a2"),
    (date(1990, 6, 30), "a3"), (date(1996, 6, 30), "a1"), (date(1955, 7, 1), "a6"), (date(1955, 6, 30), "a7"),
])
def test_age_band_boundaries_use_full_years(ctx, city, birth, band):
    f.make_person(ctx, city.branch_b1, "甲", birth_date=birth)

    table = run(ctx, city.city_admin, object="direct", row="age")

    assert [k for k, _l in table.rows] == [band]


def test_party_age_band_and_year_joined(ctx, city):
    f.make_person(ctx, city.branch_b1, "甲", joined_on=date(2020, 6, 30))
    f.make_person(ctx, city.branch_b1, "乙", joined_on=date(2021, 6, 30))

    bands = run(ctx, city.city_admin, object="direct", row="party_age")
    years = run(ctx, city.city_admin, object="direct", row="join_year")

    assert {k: bands.row_totals[k] for k, _l in bands.rows} == {"p1": 1, "p2": 1}
    assert [(label, years.row_totals[k]) for k, label in years.rows] == [("2020", 1), ("2021", 1)]


def test_filters_narrow_the_counted_people(ctx, city, people):
    table = run(ctx, city.city_admin, object="direct", row="sex", filters={"education": ["21"]})

    assert table.total == 5
    assert "学历：大学本科" in table.conditions


def test_branch_user_counts_only_the_own_branch(ctx, city, people):
    table = run(ctx, city.sibling_admin, object="direct", row="sex")

    assert table.total == 3


def test_base_organisation_outside_the_scope_is_refused(ctx, city, people):
    with pytest.raises(NotInScope):
        run(ctx, city.branch_admin, object="direct", row="sex", base_org=city.branch_b1.id)


def test_organisation_statistics_count_kinds_and_member_size(ctx, city, people):
    table = run(ctx, city.city_admin, subject="org", object=None, row="kind", col="size")

    assert table.total == 7
    assert table.cell("committee", "s0") == 4
    assert table.cell("branch", "s2") == 2  # A1a: 5 on the roll; A1b: 3; B1: 2
    assert table.cell("branch", "s1") == 1


@pytest.mark.parametrize("kw, field", [
    (dict(row="nope"), "row"), (dict(row="sex", col="sex"), "col"),
    (dict(row="sex", object="ghosts"), "object"), (dict(row="sex", filters={"sex": ["9"]}), "filters"),
    (dict(row="sex", filters={"org": ["x"]}), "filters"), (dict(row="sex", chart="3d"), "chart"),
    (dict(subject="org", row="education"), "row"),
])
def test_invalid_specs_are_refused_with_a_field(ctx, city, kw, field):
    with pytest.raises(RuleViolation) as err:
        run(ctx, city.city_admin, **kw)

    assert err.value.field == field


def test_saved_definition_reloads_and_gives_the_same_table(ctx, city, people):
    spec = Spec(name="年度学历性别统计", object="members", row="education", col="sex",
                filters={"stage": ["full"]}, chart="pie")

    saved = statistics.save_definition(ctx, city.committee_admin, spec)
    ctx.expire_all()
    again = statistics.spec_of(statistics.get_definition(ctx, city.committee_admin, saved.id))

    assert (again.name, again.row, again.col, again.filters, again.chart) == (
        "年度学历性别统计", "education", "sex", {"stage": ["full"]}, "pie")
    first = statistics.run(ctx, city.committee_admin, spec, TODAY)
    second = statistics.run(ctx, city.committee_admin, again, TODAY)
    assert first.cells == second.cells and second.total == 6
    assert [d.name for d in statistics.definitions(ctx, city.committee_admin)] == ["年度学历性别统计"]


def test_definitions_belong_to_their_organisation(ctx, city):
    saved = statistics.save_definition(ctx, city.committee_admin, Spec(name="表", row="sex"))

    assert statistics.definitions(ctx, city.sibling_admin) == []
    assert statistics.definitions(ctx, city.district_admin) == []
    with pytest.raises(NotInScope):
        statistics.get_definition(ctx, city.sibling_admin, saved.id)
    with pytest.raises(PermissionDenied):
        statistics.get_definition(ctx, city.district_admin, saved.id)


def test_duplicate_name_in_one_organisation_is_refused(ctx, city):
    statistics.save_definition(ctx, city.committee_admin, Spec(name="表", row="sex"))

    with pytest.raises(RuleViolation) as err:
        statistics.save_definition(ctx, city.committee_admin, Spec(name="表", row="age"))

    assert err.value.field == "name"


def test_viewer_cannot_save_a_definition(ctx, city):
    with pytest.raises(PermissionDenied):
        statistics.save_definition(ctx, city.branch_viewer, Spec(name="表", row="sex"))


def test_deleting_a_definition_removes_it(ctx, city):
    saved = statistics.save_definition(ctx, city.committee_admin, Spec(name="表", row="sex"))

    statistics.delete_definition(ctx, city.committee_admin, saved.id)

    assert statistics.definitions(ctx, city.committee_admin) == []


def test_organisation_statistics_by_term_status_use_the_latest_team(ctx, city, people):
    from datetime import timedelta

    from models import OrgTeam

    def team(org, elected, ends):
        ctx.add(OrgTeam(org_id=org.id, election_method="1", elected_on=elected, term_ends_on=ends))

    team(city.branch_a1a, date(2020, 1, 1), date(2023, 1, 1))   # an old team, replaced below
    team(city.branch_a1a, date(2023, 1, 1), date(2026, 1, 1))   # ended
    team(city.branch_a1b, date(2023, 8, 1), TODAY + timedelta(days=30))  # ends within 90 days
    team(city.branch_b1, date(2025, 1, 1), date(2028, 1, 1))    # in term
    ctx.commit()

    table = run(ctx, city.city_admin, subject="org", object=None, row="term", col="kind")

    assert table.cell("ended", "branch") == 1
    assert table.cell("due", "branch") == 1
    assert table.cell("in_term", "branch") == 1
    assert table.cell("none", "committee") == 4 and table.total == 7
