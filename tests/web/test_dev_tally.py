"""Each person's submission state and the development tally stay exact, and the home page's
development counts read from them agree with counting the submissions themselves."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from actions import clock, home_charts
from actions.development import counts, submissions
from actions.development.pipeline import DEV_STAGES
from actions.stats import counts as stats
from actions.stats import tally
from models import DevSubmission, Person, PersonDevTally
from models.tally import DEVELOPMENT
from tests import factories as f

T = PersonDevTally
LIT = '[{"rule": "r", "step": "s", "message": "m", "article": "a"}]'


def _submit(ctx, person, kind, status="pending", warnings="[]"):
    sub = DevSubmission(person_id=person.id, kind=kind, org_id=person.org_id, status=status,
                        warnings=warnings)
    ctx.add(sub)
    ctx.commit()
    return sub


def _state(ctx, person) -> tuple:
    ctx.expire(person)
    return person.dev_pending, bool(person.dev_pending_lit), bool(person.dev_receiving)


def _exact(ctx) -> None:
    ctx.flush()
    assert tally.differences(ctx.connection(), DEVELOPMENT) == []


# --- what the home page counted before it read the person's state: the submissions ----------

def _receiving_counted(ctx, user) -> int:
    return ctx.execute(select(func.count(func.distinct(DevSubmission.person_id)))
                       .join(Person, Person.id == DevSubmission.person_id)
                       .where(DevSubmission.kind.in_(("prereview", "approval")),
                              DevSubmission.status.in_(("pending", "approved")),
                              Person.stage == "target", Person.status == "normal",
                              Person.org_path.startswith(user.org.path))).scalar_one()


def _lit_counted(ctx, user) -> dict:
    rows = ctx.execute(select(DevSubmission.kind, func.count())
                       .join(Person, Person.id == DevSubmission.person_id)
                       .where(DevSubmission.status == "pending", DevSubmission.warnings != "[]",
                              Person.org_path.startswith(user.org.path))
                       .group_by(DevSubmission.kind)).all()
    return {kind: n for kind, n in rows}


def _queue_counted(ctx, user) -> int:
    return len(ctx.execute(submissions.queue_query(user)).scalars().all())


def _due_counted(ctx, user, day) -> int:
    return ctx.execute(select(func.count()).select_from(Person).where(
        Person.dev_due_on <= day, Person.stage.in_(DEV_STAGES), Person.status == "normal",
        Person.org_path.startswith(user.org.path))).scalar_one()


def test_every_change_of_a_submission_keeps_the_persons_state(ctx, city):
    person = f.make_person(ctx, city.branch_a1a, name="对象", stage="target")
    assert _state(ctx, person) == (None, False, False)

    pre = _submit(ctx, person, "prereview", warnings=LIT)
    assert _state(ctx, person) == ("prereview", True, True)
    pre.status = "approved"
    ctx.commit()
    assert _state(ctx, person) == (None, False, True)

    approval = _submit(ctx, person, "approval")
    assert _state(ctx, person) == ("approval", False, True)
    approval.warnings = LIT
    ctx.commit()
    assert _state(ctx, person) == ("approval", True, True)
    approval.status = "withdrawn"
    ctx.commit()
    assert _state(ctx, person) == (None, False, True)

    ctx.delete(pre)                                      # the approved prereview removed
    ctx.commit()
    assert _state(ctx, person) == (None, False, False)

    other = f.make_person(ctx, city.branch_b1, name="另一人", stage="activist")
    moved = _submit(ctx, other, "target_filing")
    assert _state(ctx, other) == ("target_filing", False, False)
    moved.person_id = person.id                          # a submission moved to another person
    ctx.commit()
    assert _state(ctx, other) == (None, False, False)
    assert _state(ctx, person) == ("target_filing", False, False)
    _exact(ctx)


def test_a_person_has_at_most_one_pending_submission(ctx, city):
    person = f.make_person(ctx, city.branch_a1a, stage="activist")
    _submit(ctx, person, "target_filing")
    ctx.add(DevSubmission(person_id=person.id, kind="target_filing", org_id=person.org_id,
                          status="pending", warnings="[]"))
    with pytest.raises(IntegrityError):
        ctx.commit()
    ctx.rollback()
    _submit(ctx, person, "target_filing", status="rejected")  # decided ones are history
    assert ctx.execute(select(func.count()).select_from(DevSubmission)
                       .where(DevSubmission.person_id == person.id)).scalar_one() == 2


@pytest.fixture
def pipeline_people(ctx, city):
    """Developing people across the tree, some with pending, lit and approved submissions,
    some with deadlines (one at the city's own organisation)."""
    today = clock.today()
    specs = [(city.branch_a1a, "target", "prereview", "pending", LIT, -3),
             (city.branch_a1a, "target", "prereview", "approved", "[]", 10),
             (city.branch_a1b, "target", "approval", "pending", "[]", 40),
             (city.branch_a1b, "activist", "target_filing", "pending", LIT, None),
             (city.committee_a1, "applicant", "activist_filing", "pending", "[]", 0),
             (city.district_a, "probationary", "conversion", "pending", LIT, 31),
             (city.branch_b1, "probationary", "conversion", "pending", "[]", 5),
             (city.branch_b1, "target", "approval", "rejected", "[]", -100),
             (city.root, "activist", "target_filing", "pending", LIT, 1)]
    people = []
    for i, (org, stage, kind, status, warnings, due) in enumerate(specs):
        p = f.make_person(ctx, org, name=f"发展{i}", stage=stage)
        _submit(ctx, p, kind, status, warnings)
        if due is not None:
            p.dev_due_on = today + timedelta(days=due)
        people.append(p)
    gone = f.make_person(ctx, city.branch_a1a, name="已终止", stage="target")
    gone.status = "ended"
    gone.dev_due_on = today
    ctx.commit()
    return people


USERS = ("city_admin", "district_admin", "district_b_admin", "committee_admin", "branch_admin")


@pytest.mark.parametrize("who", USERS)
def test_the_development_counts_equal_counting_the_submissions(ctx, city, pipeline_people, who):
    user = getattr(city, who)
    day = clock.today() + timedelta(days=30)
    _exact(ctx)
    assert counts.receiving(ctx, user) == _receiving_counted(ctx, user)
    assert counts.lit_pending(ctx, user) == _lit_counted(ctx, user)
    assert counts.pending_below(ctx, user) == _queue_counted(ctx, user)
    assert counts.due_count(ctx, user, day) == _due_counted(ctx, user, day)


def test_the_kept_counts_of_the_city_and_a_district(ctx, city, pipeline_people):
    day = clock.today() + timedelta(days=30)
    assert counts.receiving(ctx, city.city_admin) == 3
    assert counts.lit_pending(ctx, city.city_admin) == {
        "prereview": 1, "target_filing": 2, "conversion": 1}
    # The city's own person waits for a committee above the city, not for the city.
    assert counts.pending_below(ctx, city.city_admin) == 6
    assert counts.pending_below(ctx, city.district_admin) == 4
    # Due within 30 days or past: -3, 10, 0, 5, 1 and -100 (a rejected approval leaves him
    # on the roll); not 31, 40, nor the one whose development ended.
    assert counts.due_count(ctx, city.city_admin, day) == 6
    assert counts.due_count(ctx, city.district_b_admin, day) == 2


def test_the_home_page_shows_the_kept_pipeline_and_queue(ctx, city, pipeline_people, login):
    client = login("city_admin")
    page = client.get("/admin/").get_data(as_text=True)
    waiting = re.findall(r'<a href="[^"]*">([^<]+)</a>\s*<span class="badge[^"]*">([^<]+)</span>',
                         page)
    assert ("待审核的发展党员报审（备案、预审、审批、转正）", "6") in waiting
    # The figures the page charts come from the same counts.
    user = city.city_admin
    figures = home_charts.pipeline(ctx, user, stats.stage_counts(ctx, user))
    assert figures["people"][3] == 3                     # 预备党员接收
    assert figures["lit"] == [0, 0, 2, 1, 1]  # two target filings, a prereview, a conversion


def test_folding_and_rebuilding_the_development_tally_keeps_every_count(ctx, city,
                                                                         pipeline_people):
    before = {u: (counts.receiving(ctx, getattr(city, u)),
                  counts.pending_below(ctx, getattr(city, u))) for u in USERS}
    assert tally.fold(ctx.connection(), DEVELOPMENT) > 0
    ctx.commit()
    assert ctx.execute(select(func.count()).select_from(T).where(T.folded.is_not(True))
                       ).scalar_one() == 0
    _exact(ctx)
    ctx.execute(delete(T))                              # a lost tally is repaired by a rebuild
    tally.rebuild(ctx.connection(), DEVELOPMENT)
    _exact(ctx)
    ctx.commit()
    assert before == {u: (counts.receiving(ctx, getattr(city, u)),
                          counts.pending_below(ctx, getattr(city, u))) for u in USERS}


def test_a_deadline_moving_past_a_level_boundary_moves_its_row(ctx, city):
    person = f.make_person(ctx, city.branch_b1, stage="activist")
    person.dev_due_on = date(2026, 1, 31)
    ctx.commit()
    person.org_id, person.org_path = city.branch_a1a.id, city.branch_a1a.path  # to district A
    person.dev_due_on = date(2026, 2, 1)
    ctx.commit()
    _exact(ctx)
    assert counts.due_count(ctx, city.district_admin, date(2026, 2, 1)) == 1
    assert counts.due_count(ctx, city.district_b_admin, date(2026, 12, 31)) == 0
