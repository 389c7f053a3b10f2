"""Two users deciding the same approval or transfer at the same moment: exactly one wins."""
import threading
import time
from datetime import date

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from actions import clock
from actions.errors import Conflict
from actions.members import approvals, people, transfers
from models import DevSubmission, Organization, OrgTeam, Person, Transfer, User, db
from tests import factories as f
from tests.concurrency import run_at_once

pytestmark = pytest.mark.pg


def race(app, jobs):
    """Run each job(session) on its own connection; both pass their checks before either writes."""
    barrier = threading.Barrier(len(jobs), timeout=20)

    def prepare(session):
        event.listen(session, "before_flush", lambda *a: barrier.wait())

    return run_at_once(app, jobs, prepare=prepare, ok="won", expected={Conflict: "conflict"},
                       timeout=30)


@pytest.fixture
def postgres_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs two real connections with row locks: runs in CI's PostgreSQL pass")


def test_two_approvers_deciding_at_once_one_wins_and_the_other_gets_a_message(
        app, ctx, city, postgres_only):
    fields = people.PersonFields(name="并发", stage="full", joined_on=date(2015, 7, 1))
    pid = people.create_person(ctx, city.branch_admin, city.branch_a1a.id, f.id_number(), fields).id
    a, b = city.committee_admin.id, city.district_admin.id

    results = race(app, [
        lambda s: approvals.approve(s, s.get(User, a), pid).status,
        lambda s: approvals.reject(s, s.get(User, b), pid, "退回").status,
    ])

    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["conflict", "won"], results
    assert [r[1] for r in results if r[0] == "conflict"] == [approvals.DECIDED]
    ctx.expire_all()
    winner = next(r[1] for r in results if r[0] == "won")
    assert ctx.get(Person, pid).status == winner
    assert len(approvals.decisions(ctx, pid)) == 1


def test_accept_and_cancel_of_one_transfer_at_once_one_wins(app, ctx, city, postgres_only):
    p = f.make_person(ctx, city.branch_a1a)
    t = transfers.issue(ctx, city.branch_admin, p.id, transfers.TransferFields(
        direction="in_city", issued_on=clock.today(), valid_days=30, to_org_id=city.branch_b1.id))
    tid, receiver, sender = t.id, city.district_b_admin.id, city.branch_admin.id

    results = race(app, [
        lambda s: transfers.accept(s, s.get(User, receiver), tid).status,
        lambda s: transfers.cancel(s, s.get(User, sender), tid).status,
    ])

    assert sorted(r[0] for r in results) == ["conflict", "won"], results
    ctx.expire_all()
    final = ctx.get(Transfer, tid)
    person = ctx.get(Person, p.id)
    assert final.status == next(r[1] for r in results if r[0] == "won")
    expected_org = city.branch_b1.id if final.status == "accepted" else city.branch_a1a.id
    assert (person.org_id, person.status) == (expected_org, "normal")


def test_two_submissions_of_one_person_at_once_leave_one_pending(app, ctx, city, postgres_only):
    p = f.make_person(ctx, city.branch_a1a, stage="activist")
    pid, org_id = p.id, p.org_id

    def submit(session):
        try:
            session.add(DevSubmission(person_id=pid, kind="target_filing", org_id=org_id,
                                      status="pending", warnings="[]"))
            session.commit()
        except IntegrityError:
            session.rollback()
            return "refused"
        return "saved"

    results = race(app, [submit, submit])

    assert sorted(r[1] for r in results) == ["refused", "saved"], results
    ctx.expire_all()
    assert ctx.get(Person, pid).dev_pending == "target_filing"
    assert ctx.query(DevSubmission).filter_by(person_id=pid, status="pending").count() == 1


def test_a_submission_changed_while_another_is_made_leaves_the_persons_state_exact(
        app, ctx, city, postgres_only):
    """The second writer of one person's submissions waits for the first, then sees its row."""
    p = f.make_person(ctx, city.branch_a1a, stage="target")
    old = DevSubmission(person_id=p.id, kind="prereview", org_id=p.org_id, status="approved",
                        warnings="[]")
    ctx.add(old)
    ctx.commit()
    pid, org_id, old_id = p.id, p.org_id, old.id
    barrier = threading.Barrier(2, timeout=20)

    def submit(session):  # holds the person's row a while before it commits
        event.listen(session, "after_flush", lambda *a: time.sleep(1))
        barrier.wait()
        session.add(DevSubmission(person_id=pid, kind="approval", org_id=org_id,
                                  status="pending", warnings="[]"))
        session.commit()

    def annotate(session):  # changes the older submission meanwhile
        barrier.wait()
        time.sleep(0.3)
        session.get(DevSubmission, old_id).warnings = '[{"rule": "r"}]'
        session.commit()

    results = run_at_once(app, [submit, annotate])

    assert [r[0] for r in results] == ["done", "done"], results
    ctx.expire_all()
    person = ctx.get(Person, pid)
    assert (person.dev_pending, person.dev_pending_lit, person.dev_receiving) == (
        "approval", False, True)


def test_two_teams_entered_at_once_leave_the_later_elected_one_current(
        app, ctx, city, postgres_only):
    """The second writer of one organisation's teams waits for the first, then sees its team."""
    org_id = city.branch_a1a.id
    barrier = threading.Barrier(2, timeout=20)

    def team(elected: date):
        return OrgTeam(org_id=org_id, election_method="2", elected_on=elected,
                       term_ends_on=elected.replace(year=elected.year + 3))

    def newer(session):  # holds the organisation's row a while before it commits
        event.listen(session, "after_flush", lambda *a: time.sleep(1))
        barrier.wait()
        session.add(team(date(2024, 5, 1)))
        session.commit()

    def older(session):
        barrier.wait()
        time.sleep(0.3)
        session.add(team(date(2021, 5, 1)))
        session.commit()

    results = run_at_once(app, [newer, older])

    assert [r[0] for r in results] == ["done", "done"], results
    ctx.expire_all()
    org = ctx.get(Organization, org_id)
    assert (org.team_ends_on, ctx.get(OrgTeam, org.team_id).elected_on) == (
        date(2027, 5, 1), date(2024, 5, 1))
