"""A jurisdiction's development counts for the home page: people at the manual's stage 4, pending
submissions with lights by kind, submissions waiting for the user's committee, deadlines due.

Each reads the person's own columns: his deadline (person.dev_due_on) and his submission state
(models.submission_state). For the city and its districts, the levels the development tally keeps
(models.tally.DEVELOPMENT), a count is a sum over a few of the tally's rows; below them, a count
of the subtree's people, which is small there. The tally's columns are the person's, so both
read the same definition.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from actions import clock
from actions.development import pipeline
from actions.development.deadlines import FIRST_DAY, due_by
from actions.scoping import scope
from models import Person, PersonDevTally, path_bounds
from models.tally import DEVELOPMENT, SEGMENT, UNKNOWN

T = PersonDevTally


def _path(user) -> str | None:
    org = getattr(user, "org", None) if user is not None else None
    return org.path if org is not None and org.path else None


def _kept(path: str) -> bool:
    return len(path) <= DEVELOPMENT.depth * SEGMENT


def _sum(session, path: str, *conds) -> int:
    return int(session.execute(select(func.coalesce(func.sum(T.n), 0))
                               .where(T.path == path, *conds)).scalar_one())


def receiving(session, user) -> int:
    """发展对象 on the roll whose prereview or approval is pending or approved (stage 4)."""
    path = _path(user)
    if path is None:
        return 0
    if _kept(path):
        return _sum(session, path, T.stage == "target", T.status == "normal",
                    T.receiving.is_(True))
    return session.execute(scope(select(func.count()).select_from(Person), user, Person).where(
        Person.stage == "target", Person.status == "normal", Person.dev_receiving.is_(True))
    ).scalar_one()


def lit_pending(session, user) -> dict[str, int]:
    """Pending submissions that carry lights, by kind, of the people of the jurisdiction."""
    path = _path(user)
    if path is None:
        return {}
    if _kept(path):
        rows = session.execute(select(T.pending, func.sum(T.n)).where(
            T.path == path, T.pending != UNKNOWN, T.pending_lit.is_(True)).group_by(T.pending))
    else:
        rows = session.execute(scope(
            select(Person.dev_pending, func.count()).where(
                Person.dev_pending.is_not(None), Person.dev_pending_lit.is_(True))
            .group_by(Person.dev_pending), user, Person))
    return {kind: int(n) for kind, n in rows if n}


def pending_below(session, user) -> int:
    """Pending submissions of the people strictly below the user's organisation: the committee
    queue (actions.development.submissions.queue_query), one per person."""
    path = _path(user)
    if path is None:
        return 0
    lo, hi = path_bounds(path)
    below = select(func.count()).select_from(Person).where(
        Person.dev_pending.is_not(None), Person.org_path > lo, Person.org_path < hi)
    if not _kept(path):
        return session.execute(below).scalar_one()
    # The subtree's sum, less those at the organisation itself (a few people, counted live).
    here = select(func.count()).select_from(Person).where(
        Person.org_path == path, Person.dev_pending.is_not(None))
    return _sum(session, path, T.pending != UNKNOWN) - session.execute(here).scalar_one()


@dataclass
class Due:
    first: list  # the soonest people (Person rows), soonest first
    total: int   # how many in all


def due_within(session, user, today: date | None = None, days: int = pipeline.DUE_DAYS,
               first: int = 10) -> Due:
    """Developing people of the user's jurisdiction whose deadline is within `days` or past."""
    day = (today or clock.today()) + timedelta(days=days)
    people = session.execute(
        scope(select(Person), user, Person).where(*_due(day)).with_hint(Person, *_DUE_HINT)
        .order_by(Person.dev_due_on, Person.org_path, Person.id).limit(first)).scalars().all()
    total = due_count(session, user, day) if len(people) == first else len(people)
    return Due(people, total)


def due_count(session, user, day: date) -> int:
    """Developing people on the roll whose deadline is on or before `day` (or past)."""
    path = _path(user)
    if path is None:
        return 0
    if _kept(path):
        return _sum(session, path, T.due_on.between(FIRST_DAY.isoformat(), day.isoformat()),
                    T.stage.in_(pipeline.DEV_STAGES), T.status == "normal")
    return session.execute(scope(select(func.count()).select_from(Person), user, Person)
                           .where(*_due(day)).with_hint(Person, *_DUE_HINT)).scalar_one()


# A two-sided range of the deadline index, which also holds the scope, stage and status
# (SQLite would otherwise skip through the index or walk the jurisdiction's people).
_DUE_HINT = ("INDEXED BY ix_person_dev_due_on_org_path", "sqlite")


def _due(day: date) -> tuple:
    return (due_by(day), Person.stage.in_(pipeline.DEV_STAGES), Person.status == "normal")
