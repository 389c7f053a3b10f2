"""Leadership teams (班子), term ends and officers (书记, 副书记, 委员)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete, insert, select, update

from actions import clock
from actions.errors import DomainError, NotInScope
from actions.orgs import team as ot
from models import Organization, OrgOfficer, OrgTeam
from tests import factories as f

TODAY = clock.today()
LAST_YEAR = TODAY - timedelta(days=365)


def team(ctx, actor, org, elected_on=LAST_YEAR, **kw):
    return ot.save_team(ctx, actor, org, ot.TeamFields("1", elected_on, **kw))


@pytest.mark.parametrize("org_attr, years", [
    ("branch_a1a", 3), ("committee_a1", 5), ("district_a", 5),
])
def test_term_end_defaults_from_the_organisation_kind(ctx, city, org_attr, years):
    org = getattr(city, org_attr)

    t = team(ctx, city.city_admin, org, date(2024, 3, 1))

    assert t.term_ends_on == date(2024 + years, 3, 1)


def test_general_branch_term_is_three_years(ctx, city):
    org = f.make_org(ctx, city.committee_a1, "中共甲区第一医院行政总支委员会", "general_branch")

    assert team(ctx, city.city_admin, org, date(2024, 2, 29)).term_ends_on == date(2027, 2, 28)


@pytest.mark.parametrize("fields, message", [
    (dict(election_method="", elected_on=LAST_YEAR), "请选择当选方式"),
    (dict(election_method="1", elected_on=None), "请填写当选时间"),
    (dict(election_method="1", elected_on=TODAY + timedelta(days=1)), "当选时间不能晚于今天"),
    (dict(election_method="1", elected_on=LAST_YEAR, term_ends_on=LAST_YEAR), "届满日期须晚于"),
    (dict(election_method="1", elected_on=LAST_YEAR, previous_election_on=LAST_YEAR), "上次换届日期须早于"),
])
def test_team_entry_is_validated(ctx, city, fields, message):
    with pytest.raises(DomainError, match=message):
        ot.save_team(ctx, city.branch_admin, city.branch_a1a, ot.TeamFields(**fields))


def test_new_team_takes_the_previous_election_date_from_the_last_team(ctx, city):
    team(ctx, city.branch_admin, city.branch_a1a, date(2020, 5, 1))

    t = team(ctx, city.branch_admin, city.branch_a1a, date(2023, 5, 1))

    assert t.previous_election_on == date(2020, 5, 1)
    with pytest.raises(DomainError, match="须晚于上一届"):
        team(ctx, city.branch_admin, city.branch_a1a, date(2022, 5, 1))


def test_teams_due_show_to_users_above_not_to_the_organisation_itself(ctx, city):
    team(ctx, city.branch_admin, city.branch_a1a, date(2020, 1, 1), term_ends_on=TODAY + timedelta(days=30))
    team(ctx, city.sibling_admin, city.branch_a1b, LAST_YEAR)  # two years left

    assert ot.due_count(ctx, city.committee_admin) == 1
    assert ot.due_count(ctx, city.district_admin) == 1
    assert ot.due_count(ctx, city.branch_admin) == 0
    assert ot.due_count(ctx, city.district_b_admin) == 0


def test_only_the_current_team_counts_for_the_reminder(ctx, city):
    team(ctx, city.branch_admin, city.branch_a1a, date(2019, 1, 1))  # ended long ago
    team(ctx, city.branch_admin, city.branch_a1a, LAST_YEAR)

    assert ot.due_count(ctx, city.committee_admin) == 0


def test_secretary_must_be_a_direct_member_of_the_organisation(ctx, city):
    other = f.make_person(ctx, city.branch_a1b, name="外科党员")
    inflow = f.make_person(ctx, city.branch_a1a, name="流入党员", management="inflow")
    activist = f.make_person(ctx, city.branch_a1a, name="积极分子", stage="activist")

    for person, message in ((other, "本组织直管党员"), (inflow, "本组织直管党员"), (activist, "不是在册党员")):
        with pytest.raises(DomainError, match=message):
            ot.appoint(ctx, city.committee_admin, city.branch_a1a, "secretary", person.id_number, TODAY)


def test_appointing_a_new_secretary_ends_the_old_one_that_day(ctx, city):
    old = f.make_person(ctx, city.branch_a1a, name="老书记")
    new = f.make_person(ctx, city.branch_a1a, name="新书记")
    ot.appoint(ctx, city.branch_admin, city.branch_a1a, "secretary", old.id_number, LAST_YEAR)

    ot.appoint(ctx, city.branch_admin, city.branch_a1a, "secretary", new.id_number, TODAY)

    rows = ctx.execute(select(OrgOfficer).order_by(OrgOfficer.id)).scalars().all()
    assert [(r.person.name, r.status, r.ended_on) for r in rows] == [
        ("老书记", "ended", TODAY), ("新书记", "active", None)]


def test_new_secretary_cannot_be_dated_before_the_current_one(ctx, city):
    old = f.make_person(ctx, city.branch_a1a)
    new = f.make_person(ctx, city.branch_a1a)
    ot.appoint(ctx, city.branch_admin, city.branch_a1a, "secretary", old.id_number, TODAY)

    with pytest.raises(DomainError, match="不能早于现任书记"):
        ot.appoint(ctx, city.branch_admin, city.branch_a1a, "secretary", new.id_number, LAST_YEAR)


def test_deputies_can_be_several_and_each_revoked(ctx, city):
    a, b = f.make_person(ctx, city.branch_a1a), f.make_person(ctx, city.branch_a1a)
    da = ot.appoint(ctx, city.branch_admin, city.branch_a1a, "deputy", a.id_number, TODAY)
    ot.appoint(ctx, city.branch_admin, city.branch_a1a, "deputy", b.id_number, TODAY)

    ot.revoke(ctx, city.branch_admin, da, TODAY, "工作调动")

    active = ot.officers(ctx, city.branch_a1a, active_only=True)
    assert [o.person_id for o in active] == [b.id]
    assert (da.status, da.ended_on, da.end_reason) == ("ended", TODAY, "工作调动")


def test_committee_member_may_come_from_a_branch_below(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)

    officer = ot.appoint(ctx, city.committee_admin, city.committee_a1, "member", person.id_number, TODAY)

    assert officer.role == "member"
    with pytest.raises(DomainError, match="本组织或其下级"):
        ot.appoint(ctx, city.district_admin, city.branch_a1b, "deputy", person.id_number, TODAY)


def test_no_appointment_before_the_team_election(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    team(ctx, city.branch_admin, city.branch_a1a, TODAY - timedelta(days=10))

    with pytest.raises(DomainError, match="不能早于本届班子的当选时间"):
        ot.appoint(ctx, city.branch_admin, city.branch_a1a, "deputy", person.id_number,
                   TODAY - timedelta(days=11))


def test_one_person_holds_one_active_post_per_organisation(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    ot.appoint(ctx, city.branch_admin, city.branch_a1a, "deputy", person.id_number, TODAY)

    with pytest.raises(DomainError, match="已在本组织担任副书记"):
        ot.appoint(ctx, city.branch_admin, city.branch_a1a, "secretary", person.id_number, TODAY)


def test_appointment_outside_scope_is_refused(ctx, city):
    person = f.make_person(ctx, city.branch_b1)

    with pytest.raises(NotInScope):
        ot.appoint(ctx, city.branch_admin, city.branch_a1a, "deputy", person.id_number, TODAY)
    with pytest.raises(NotInScope):
        ot.appoint(ctx, city.district_admin, city.branch_b1, "deputy", person.id_number, TODAY)


def test_revoke_date_must_not_precede_the_appointment(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    officer = ot.appoint(ctx, city.branch_admin, city.branch_a1a, "deputy", person.id_number, TODAY)

    with pytest.raises(DomainError, match="离任日期须在任职日期与今天之间"):
        ot.revoke(ctx, city.branch_admin, officer, LAST_YEAR)


def test_database_allows_only_one_active_secretary(ctx, city):
    a, b = f.make_person(ctx, city.branch_a1a), f.make_person(ctx, city.branch_a1a)
    ctx.add_all([OrgOfficer(org_id=city.branch_a1a.id, person_id=p.id, role="secretary",
                            appointed_on=TODAY, status="active") for p in (a, b)])

    with pytest.raises(Exception, match="(?i)unique"):
        ctx.commit()


def test_team_correction_cannot_move_the_election_after_an_appointment(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    t = team(ctx, city.branch_admin, city.branch_a1a, LAST_YEAR)
    ot.appoint(ctx, city.branch_admin, city.branch_a1a, "deputy", person.id_number, LAST_YEAR)

    with pytest.raises(DomainError, match="当选时间不能晚于该日期"):
        ot.save_team(ctx, city.branch_admin, city.branch_a1a,
                     ot.TeamFields("1", LAST_YEAR + timedelta(days=1)), t)


# --- the organisation's current team, kept by triggers on org_team --------------------------

def _write_team(ctx, org, elected_on, term_ends_on) -> int:
    """Insert a team with a Core statement, as a bulk load would: no action, no ORM."""
    row = ctx.execute(insert(OrgTeam).values(
        org_id=org.id, election_method="1", elected_on=elected_on, term_ends_on=term_ends_on,
        created_at=datetime(2024, 1, 1)).returning(OrgTeam.id)).scalar_one()
    ctx.commit()
    return row


def _current(ctx, org) -> tuple:
    return tuple(ctx.execute(select(Organization.team_id, Organization.team_ends_on)
                             .where(Organization.id == org.id)).one())


def test_an_organisation_keeps_its_latest_elected_team_whatever_order_teams_arrive_in(ctx, city):
    org = city.branch_a1a
    newer = _write_team(ctx, org, date(2023, 5, 1), date(2026, 5, 1))

    older = _write_team(ctx, org, date(2020, 5, 1), date(2023, 5, 1))

    assert _current(ctx, org) == (newer, date(2026, 5, 1))
    assert _current(ctx, city.branch_a1b) == (None, None)
    assert older != newer


def test_changing_a_teams_dates_moves_the_current_team(ctx, city):
    org = city.branch_a1a
    first = _write_team(ctx, org, date(2020, 5, 1), date(2023, 5, 1))
    second = _write_team(ctx, org, date(2023, 5, 1), date(2026, 5, 1))

    ctx.execute(update(OrgTeam).where(OrgTeam.id == second).values(term_ends_on=date(2026, 9, 1)))
    ctx.commit()
    assert _current(ctx, org) == (second, date(2026, 9, 1))

    ctx.execute(update(OrgTeam).where(OrgTeam.id == first).values(elected_on=date(2024, 1, 1)))
    ctx.commit()
    assert _current(ctx, org) == (first, date(2023, 5, 1))


def test_teams_elected_the_same_day_make_the_last_entered_current(ctx, city):
    _write_team(ctx, city.branch_a1a, date(2023, 5, 1), date(2026, 5, 1))

    later = _write_team(ctx, city.branch_a1a, date(2023, 5, 1), date(2026, 6, 1))

    assert _current(ctx, city.branch_a1a) == (later, date(2026, 6, 1))


def test_deleting_the_current_team_makes_the_previous_one_current(ctx, city):
    org = city.branch_a1a
    first = _write_team(ctx, org, date(2020, 5, 1), date(2023, 5, 1))
    second = _write_team(ctx, org, date(2023, 5, 1), date(2026, 5, 1))

    ctx.execute(delete(OrgTeam).where(OrgTeam.id == second))
    ctx.commit()
    assert _current(ctx, org) == (first, date(2023, 5, 1))

    ctx.execute(delete(OrgTeam).where(OrgTeam.id == first))
    ctx.commit()
    assert _current(ctx, org) == (None, None)


def test_a_team_moved_to_another_organisation_leaves_one_and_joins_the_other(ctx, city):
    stays = _write_team(ctx, city.branch_a1a, date(2020, 5, 1), date(2023, 5, 1))
    moved = _write_team(ctx, city.branch_a1a, date(2023, 5, 1), date(2026, 5, 1))
    there = _write_team(ctx, city.branch_a1b, date(2021, 5, 1), date(2024, 5, 1))

    ctx.execute(update(OrgTeam).where(OrgTeam.id == moved).values(org_id=city.branch_a1b.id))
    ctx.commit()

    assert _current(ctx, city.branch_a1a) == (stays, date(2023, 5, 1))
    assert _current(ctx, city.branch_a1b) == (moved, date(2026, 5, 1))
    assert there not in _current(ctx, city.branch_a1b)


def test_a_team_recorded_through_the_action_becomes_current(ctx, city):
    t = team(ctx, city.branch_admin, city.branch_a1a, LAST_YEAR)

    assert _current(ctx, city.branch_a1a) == (t.id, t.term_ends_on)


def test_the_due_count_is_the_number_of_teams_the_due_list_shows(ctx, city):
    soon = TODAY + timedelta(days=30)
    team(ctx, city.branch_admin, city.branch_a1a, date(2020, 1, 1), term_ends_on=soon)
    team(ctx, city.sibling_admin, city.branch_a1b, date(2019, 1, 1))  # ended, never renewed
    team(ctx, city.sibling_admin, city.branch_a1b, date(2020, 6, 1), term_ends_on=soon)
    team(ctx, city.committee_admin, city.committee_a1, LAST_YEAR)  # years left
    team(ctx, city.district_b_admin, city.branch_b1, date(2020, 1, 1), term_ends_on=soon)
    team(ctx, city.city_admin, city.district_a, date(2020, 1, 1), term_ends_on=soon)
    gone = f.make_org(ctx, city.committee_a1, "中共甲区第一医院后勤支部委员会")
    _write_team(ctx, gone, date(2020, 1, 1), soon)
    ctx.execute(update(Organization).where(Organization.id == gone.id).values(status="dissolved"))
    ctx.commit()

    listed = {}
    for user in (city.city_admin, city.district_admin, city.committee_admin, city.branch_admin):
        rows = ctx.execute(ot.due_teams_query(user)).scalars().all()
        listed[user.username] = sorted(t.org.name for t in rows)
        assert ot.due_count(ctx, user) == len(rows)

    a1a, a1b, b1 = (o.name for o in (city.branch_a1a, city.branch_a1b, city.branch_b1))
    assert listed == {"city_admin": sorted([a1a, a1b, b1, city.district_a.name]),
                      "district_admin": sorted([a1a, a1b]),
                      "committee_admin": sorted([a1a, a1b]), "branch_admin": []}
