"""The home page's pictures: people by stage, the development pipeline, age and education of the
members, members per child organisation. The counts come from the person tally; the age and
education distributions are one GROUP BY over the subtree, kept for a few minutes per subtree."""
from __future__ import annotations

import threading
import time
from datetime import date

from sqlalchemy import case, func, select

from actions import clock
from actions.development.catalogue import STAGES
from actions.scoping import scope
from actions.stats import counts as stats
from models import DevSubmission, Person, path_bounds
from models.codes import EDUCATION, MEMBER_STAGES, ON_ROLL, STAGE

CACHE_SECONDS = 300
AGE_BANDS = [("30岁及以下", 0, 30), ("31至40岁", 31, 40), ("41至50岁", 41, 50),
             ("51至60岁", 51, 60), ("61岁及以上", 61, 200)]
# Submission kind -> the manual's stage (1-5) it belongs to.
# The manual's 5 stages, short enough for an axis.
SHORT_STAGES = {1: "申请入党", 2: "积极分子培养", 3: "发展对象考察", 4: "预备党员接收",
                5: "预备期考察转正"}
SUBMISSION_STAGE = {"activist_filing": 2, "target_filing": 3, "prereview": 4, "approval": 4,
                    "conversion": 5}

_lock = threading.Lock()
_cache: dict[tuple, tuple[float, dict]] = {}


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _cached(key: tuple, build):
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit and now - hit[0] < CACHE_SECONDS:
            return hit[1]
    value = build()
    with _lock:
        if len(_cache) > 500:
            _cache.clear()
        _cache[key] = (now, value)
    return value


def pipeline(session, user, counts: dict[str, int]) -> dict:
    """People at each of the manual's 5 stages and how many of their pending submissions are lit."""
    at_stage4 = scope(
        select(func.count(func.distinct(DevSubmission.person_id)))
        .join(Person, Person.id == DevSubmission.person_id)
        .where(DevSubmission.kind.in_(("prereview", "approval")),
               DevSubmission.status.in_(("pending", "approved")), Person.stage == "target",
               Person.status == "normal"), user, Person)
    receiving = session.execute(at_stage4).scalar_one()
    lit_rows = session.execute(scope(
        select(DevSubmission.kind, func.count())
        .join(Person, Person.id == DevSubmission.person_id)
        .where(DevSubmission.status == "pending", DevSubmission.warnings != "[]")
        .group_by(DevSubmission.kind), user, Person)).all()
    lit = {n: 0 for n in STAGES}
    for kind, n in lit_rows:
        lit[SUBMISSION_STAGE.get(kind, 1)] += n
    people = {1: counts["applicant"], 2: counts["activist"],
              3: max(0, counts["target"] - receiving), 4: receiving, 5: counts["probationary"]}
    return {"labels": [SHORT_STAGES[n] for n in STAGES], "people": [people[n] for n in STAGES],
            "lit": [lit[n] for n in STAGES]}


def member_profile(session, user, today: date | None = None) -> dict:
    """Members on the roll by age band and by education (cached per subtree)."""
    today = today or clock.today()
    lo, _hi = path_bounds(user.org.path)

    def build():
        members = (Person.stage.in_(MEMBER_STAGES), Person.status.in_(ON_ROLL))
        band = case(*[(Person.birth_date > _years_ago(today, hi + 1), i)
                      for i, (_l, _lo, hi) in enumerate(AGE_BANDS[:-1])], else_=len(AGE_BANDS) - 1)
        ages = dict(session.execute(scope(
            select(band, func.count()).where(*members).group_by(band), user, Person)).all())
        edu = dict(session.execute(scope(
            select(Person.education, func.count()).where(*members).group_by(Person.education),
            user, Person)).all())
        return {
            "age_labels": [b[0] for b in AGE_BANDS],
            "age": [int(ages.get(i, 0)) for i in range(len(AGE_BANDS))],
            "edu_labels": [EDUCATION[c] for c in EDUCATION] + ["未填写"],
            "edu": [int(edu.get(c, 0)) for c in EDUCATION] + [int(edu.get(None, 0))],
        }

    return _cached(("profile", lo, today), build)


def children(session, user, limit: int = 15) -> dict:
    """Members per child organisation (the largest `limit`, the rest summed)."""
    rows = sorted(stats.children_with_counts(session, user.org), key=lambda r: -r["total"])
    top, rest = rows[:limit], rows[limit:]
    labels = [r["org"].name.removeprefix("中共").removesuffix("委员会") or r["org"].name
              for r in top]
    values = [r["total"] for r in top]
    if rest:
        labels.append(f"其他{len(rest)}个组织")
        values.append(sum(r["total"] for r in rest))
    return {"labels": labels, "members": values}


def home_figures(session, user) -> dict:
    counts = stats.stage_counts(session, user)
    return {"counts": counts, "stage_labels": [STAGE[c] for c in STAGE],
            "stage_values": [counts[c] for c in STAGE], "pipeline": pipeline(session, user, counts),
            "profile": member_profile(session, user), "children": children(session, user)}
