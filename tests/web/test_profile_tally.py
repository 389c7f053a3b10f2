"""The profile tally (members by birth month and education, city and districts) stays exact."""
from datetime import date

from sqlalchemy import delete, func, select, update

from actions.members import categories
from actions.orgs import changes
from actions.stats import tally
from models import Organization, Person, PersonDevTally, PersonProfileTally, PersonTally, db
from models.tally import PROFILE
from tests import factories as f

T = PersonProfileTally


def _kept(session, path) -> dict:
    """{(dim, value): members} summed from the tally's rows of `path`."""
    rows = session.execute(select(T.dim, T.value, func.sum(T.n))
                           .where(T.path == path, categories.clause("members", T))
                           .group_by(T.dim, T.value)).all()
    return {(dim, value): int(n) for dim, value, n in rows if n}


def _counted(session, path) -> dict:
    """The same, counted from the people in Python."""
    people = session.execute(select(Person).where(
        categories.clause("members"), Person.org_path.startswith(path))).scalars().all()
    out: dict = {}
    for p in people:
        for key in (("month", f"{p.birth_date:%Y-%m}"), ("education", p.education or "")):
            out[key] = out.get(key, 0) + 1
    return out


def _exact(session, city) -> None:
    session.flush()
    assert tally.differences(session.connection(), PROFILE) == []
    for org in (city.root, city.district_a, city.district_b):
        assert _kept(session, org.path) == _counted(session, org.path), org.name


def test_every_write_to_people_keeps_the_profile_tally_equal_to_counting_them(ctx, city):
    people = [f.make_person(ctx, org, name=f"人{i}", stage=stage, birth_date=born,
                            education=edu, commit=False)
              for i, (org, stage, born, edu) in enumerate([
                  (city.branch_a1a, "full", date(1990, 1, 31), "21"),
                  (city.branch_a1a, "probationary", date(1990, 2, 1), None),
                  (city.branch_a1b, "activist", date(1985, 6, 15), "31"),
                  (city.branch_b1, "full", date(1970, 12, 1), "14"),
                  (city.district_a, "full", date(1960, 7, 7), None),
                  (city.root, "full", date(2000, 3, 3), "11")])]
    ctx.commit()
    _exact(ctx, city)
    assert _kept(ctx, city.root.path)[("month", "1990-01")] == 1
    assert _kept(ctx, city.district_a.path)[("education", "")] == 2

    people[0].birth_date = date(1990, 2, 28)        # a birth date into another month
    people[3].birth_date = date(1970, 12, 31)       # within the month: nothing to move
    people[1].education = "21"                      # an unknown education filled in
    people[5].education = None                      # and one emptied
    people[2].stage = "probationary"                # a change of stage into the members
    people[4].status = "transfer_pending"           # of status, still on the roll
    people[0].management = "inflow"                 # of management
    ctx.commit()
    _exact(ctx, city)
    people[3].org_id, people[3].org_path = city.branch_a1a.id, city.branch_a1a.path  # a move
    people[1].status = "dead"                       # off the roll
    ctx.delete(people[5])                           # a delete
    ctx.commit()
    _exact(ctx, city)
    ctx.execute(update(Person).where(Person.org_path.startswith(city.district_a.path))
                .values(education="41"))           # one bulk UPDATE of many rows
    ctx.commit()
    _exact(ctx, city)
    assert _kept(ctx, city.root.path) == {("month", "1990-02"): 1, ("month", "1985-06"): 1,
                                          ("month", "1970-12"): 1, ("month", "1960-07"): 1,
                                          ("education", "41"): 4}


def test_only_the_city_and_its_districts_are_kept(ctx, city):
    f.make_person(ctx, city.branch_a1a)

    paths = set(ctx.execute(select(T.path)).scalars())

    assert paths == {city.root.path, city.district_a.path}


def test_moving_an_organisation_between_districts_moves_its_members_profile(ctx, city):
    for org, born in ((city.branch_a1a, date(1991, 4, 4)), (city.branch_a1b, date(1992, 5, 5)),
                      (city.committee_a1, date(1993, 6, 6))):
        f.make_person(ctx, org, birth_date=born, education="21", commit=False)
    ctx.commit()

    changes.move_org(ctx, city.city_admin, city.committee_a1, city.district_b.id, "009",
                     date(2026, 3, 2))
    ctx.commit()

    assert ctx.get(Organization, city.committee_a1.id).path.startswith(city.district_b.path)
    _exact(ctx, city)
    assert _kept(ctx, city.district_a.path) == {}
    assert _kept(ctx, city.district_b.path)[("education", "21")] == 3


def test_a_move_inside_a_district_writes_no_profile_rows(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    before = ctx.execute(select(func.count()).select_from(T)).scalar_one()

    person.org_id, person.org_path = city.branch_a1b.id, city.branch_a1b.path
    person.birth_date = person.birth_date.replace(day=1)  # the same month
    ctx.commit()

    assert ctx.execute(select(func.count()).select_from(T)).scalar_one() == before
    _exact(ctx, city)


def test_folding_the_profile_tally_leaves_one_row_per_key_and_every_count(ctx, city):
    person = f.make_person(ctx, city.branch_a1a, stage="applicant", education="31")
    for stage in ("activist", "target", "probationary", "full"):
        person.stage = stage
        ctx.commit()
    person.education = "21"
    ctx.commit()
    before = ctx.execute(select(func.count()).select_from(T)).scalar_one()

    folded = tally.fold(ctx.connection(), PROFILE)
    ctx.commit()

    rows = ctx.execute(select(T.path, T.dim, T.stage, T.value, T.n, T.folded)).all()
    assert folded == before > len(rows)
    assert sorted(rows) == sorted(
        (org.path, dim, "full", value, 1, True) for org in (city.root, city.district_a)
        for dim, value in (("month", "1980-05"), ("education", "21")))
    _exact(ctx, city)
    assert tally.fold(ctx.connection(), PROFILE) == 0
    ctx.commit()
    # The runner's fold does every tally: only the other tallies' rows were left to fold.
    left = sum(ctx.execute(select(func.count()).select_from(t)).scalar_one()
               for t in (PersonTally, PersonDevTally))
    ctx.commit()
    assert tally.fold_now(db.engine) == left > 0
    assert tally.fold_now(db.engine) == 0


def test_a_rebuild_counts_people_loaded_with_the_profile_triggers_off(ctx, city):
    conn = ctx.connection()
    with tally.suspended(conn):
        f.make_person(ctx, city.branch_b1, education="21", commit=False)
        ctx.flush()
        assert ctx.execute(select(func.count()).select_from(T)).scalar_one() == 0
    _exact(ctx, city)
    ctx.execute(delete(T))                            # a lost tally is repaired by a rebuild
    tally.rebuild(ctx.connection(), PROFILE)
    _exact(ctx, city)
    ctx.commit()

    f.make_person(ctx, city.branch_b1, name="之后")   # the triggers are back

    _exact(ctx, city)
    assert _kept(ctx, city.root.path)[("month", "1980-05")] == 2
