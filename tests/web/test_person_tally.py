"""The person tally stays exact through every kind of write, folding and concurrent writers."""
import threading
from datetime import date

from sqlalchemy import delete, func, select, update

from actions.members import categories
from actions.orgs import changes
from actions.stats import counts, tally
from models import Organization, Person, PersonTally, db
from models.tally import PERSON
from tests import factories as f
from tests.concurrency import run_at_once


def _exact(session) -> list:
    session.flush()
    return tally.differences(session.connection())


def _members_counted(session, org) -> int:
    lo, hi = org.path, org.path[:-1] + "/"
    return session.execute(select(func.count()).select_from(Person).where(
        categories.clause("members"), Person.org_path >= lo, Person.org_path < hi)).scalar_one()


def test_every_write_to_people_keeps_the_tally_equal_to_counting_them(ctx, city):
    people = [f.make_person(ctx, org, name=f"人{i}", stage=stage, commit=False)
              for i, (org, stage) in enumerate([
                  (city.branch_a1a, "full"), (city.branch_a1a, "probationary"),
                  (city.branch_a1b, "activist"), (city.branch_b1, "applicant"),
                  (city.district_a, "full"), (city.root, "target")])]
    ctx.commit()
    assert _exact(ctx) == []
    assert tally.count(ctx, city.root.path, "members") == 3
    assert tally.count(ctx, city.district_a.path, "members", subtree=False) == 1

    people[0].stage = "probationary"            # a change of stage
    people[1].status = "transfer_pending"       # of status, still on the roll
    people[2].management = "inflow"             # of management
    people[3].org_id, people[3].org_path = city.branch_a1a.id, city.branch_a1a.path  # a move
    people[4].name = "改名"                      # a change the tally does not track
    ctx.commit()
    assert _exact(ctx) == []
    ctx.execute(update(Person).where(Person.org_path.startswith(city.district_a.path))
                .values(status="dead"))            # one bulk UPDATE of many rows
    ctx.delete(people[5])                            # a delete
    ctx.commit()
    assert _exact(ctx) == []
    assert tally.count(ctx, city.root.path, "members") == _members_counted(ctx, city.root) == 0


def test_moving_an_organisation_with_its_members_moves_their_counts(ctx, city):
    for org in (city.branch_a1a, city.branch_a1a, city.branch_a1b, city.committee_a1):
        f.make_person(ctx, org, name="成员", commit=False)
    ctx.commit()
    changes.move_org(ctx, city.city_admin, city.committee_a1, city.district_b.id, "009",
                     date(2026, 3, 2))
    ctx.commit()
    assert _exact(ctx) == []
    moved = ctx.get(Organization, city.committee_a1.id)
    assert moved.path.startswith(city.district_b.path)
    assert tally.count(ctx, city.district_b.path, "members") == 4
    assert tally.count(ctx, city.district_a.path, "members") == 0
    rows, own, total = counts.tree_level(ctx, ctx.get(Organization, city.district_b.id))
    assert (own, total) == (0, 4)
    assert {r["org"].id: (r["direct"], r["total"]) for r in rows}[moved.id] == (1, 4)


def test_folding_sums_each_key_into_one_row_and_keeps_every_count(ctx, city):
    person = f.make_person(ctx, city.branch_a1a, stage="applicant")
    for stage in ("activist", "target", "probationary", "full", "probationary"):
        person.stage = stage
        ctx.commit()
    before = ctx.execute(select(func.count()).select_from(PersonTally)).scalar_one()
    folded = tally.fold(ctx.connection(), PERSON)
    ctx.commit()
    after = ctx.execute(select(PersonTally.path, PersonTally.here, PersonTally.stage,
                               PersonTally.n, PersonTally.folded)).all()
    assert folded == before > len(after)
    # One row per organisation on the path (branch, committee, district, city): the last stage.
    assert sorted((p, here, stage, n, done) for p, here, stage, n, done in after) == sorted(
        (org.path, org.id == city.branch_a1a.id, "probationary", 1, True)
        for org in (city.branch_a1a, city.committee_a1, city.district_a, city.root))
    assert _exact(ctx) == [] and tally.fold(ctx.connection(), PERSON) == 0


def test_people_written_while_the_tally_folds_are_all_counted(app, ctx, city):
    """Writers append while folds run on other connections: nothing is lost or counted twice."""
    ctx.commit()
    branch_ids = [city.branch_a1a.id, city.branch_a1b.id, city.branch_b1.id]
    start = threading.Barrier(6)

    def writer(k):
        def job(session):
            start.wait()
            for i in range(15):
                org = session.get(Organization, branch_ids[(k + i) % 3])
                f.make_person(session, org, name=f"并发{k}-{i}", commit=False)
                session.commit()
        return job

    def folder(session):
        start.wait()
        return sum(tally.fold_now(db.engine) for _ in range(15))

    results = run_at_once(app, [writer(0), writer(1), writer(2), folder, folder, folder])
    assert [r[0] for r in results] == ["done"] * 6, results
    tally.fold_now(db.engine)
    assert _exact(ctx) == []
    assert tally.count(ctx, city.root.path, "members") == 45 == _members_counted(ctx, city.root)


def test_a_rebuild_counts_people_loaded_with_the_triggers_off(ctx, city):
    conn = ctx.connection()
    with tally.suspended(conn):
        f.make_person(ctx, city.branch_b1, commit=False)
        ctx.flush()
        assert ctx.execute(select(func.count()).select_from(PersonTally)).scalar_one() == 0
    assert _exact(ctx) == []
    assert tally.count(ctx, city.district_b.path, "members") == 1
    ctx.execute(delete(PersonTally))                  # a lost tally is repaired by a rebuild
    tally.rebuild(ctx.connection())
    assert _exact(ctx) == [] and tally.count(ctx, city.root.path, "members") == 1
    ctx.commit()
    f.make_person(ctx, city.branch_b1, name="之后")   # the triggers are back
    assert _exact(ctx) == [] and tally.count(ctx, city.root.path, "members") == 2
