"""The members on the roll of a jurisdiction by age band and by education (the home page).

For the city and its districts, the levels the profile tally keeps (models.tally.PROFILE), the
figures are sums of the tally's rows: education directly; the ages from birth months, where each
month holding a band's boundary day is split by a live count of the people born on its shorter
side (an index-only range of ix_person_birth_date_org_path: at most half a month of births).
Below those levels, one GROUP BY over the subtree, which is small there. Either way the figures
come from one statement, so they are exact together in one snapshot.
"""
from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import and_, case, func, literal_column, select, union_all

from actions.members import categories
from actions.scoping import scope
from actions.stats.dimensions import years_before
from models import Person, PersonProfileTally
from models.codes import EDUCATION
from models.tally import PROFILE, SEGMENT, UNKNOWN

T = PersonProfileTally
# (label, youngest, oldest) in full years. The last band is open and, as before the tally, also
# holds anyone without a birth date.
AGE_BANDS = [("30岁及以下", 0, 30), ("31至40岁", 31, 40), ("41至50岁", 41, 50),
             ("51至60岁", 51, 60), ("61岁及以上", 61, 200)]
LAST = len(AGE_BANDS) - 1


def member_profile(session, user, today: date) -> dict:
    """Members on the roll of the user's jurisdiction by age band and by education."""
    path = user.org.path if user is not None and getattr(user, "org", None) else None
    # Born after bounds[i] means at most AGE_BANDS[i]'s oldest age in full years.
    bounds = [years_before(today, oldest + 1) for _label, _young, oldest in AGE_BANDS[:-1]]
    if not path:
        rows = []
    elif len(path) <= PROFILE.depth * SEGMENT:
        rows = session.execute(_kept(path, bounds, user)).all()
    else:
        rows = session.execute(_live(bounds, user)).all()
    return _figures(rows)


def _label(value: str):
    return literal_column(f"'{value}'")  # a constant, inline: no typeless parameter in a UNION


def _kept(path: str, bounds: list[date], user):
    """The tally's sums by month bucket and education, then the boundary months' live parts."""
    whens = []
    for i, bound in enumerate(bounds):
        month = f"{bound:%Y-%m}"
        whens += [(T.value > month, _label(f"a{i}")), (T.value == month, _label(f"s{i}"))]
    bucket = case((T.dim == "month", case(*whens, else_=_label(f"a{LAST}"))), else_=T.value)
    kept = (select(T.dim, bucket, func.sum(T.n))
            .where(T.path == path, categories.clause("members", T)).group_by(T.dim, bucket))
    return union_all(kept, *(_split(i, bound, user) for i, bound in enumerate(bounds)))


def _split(i: int, bound: date, user):
    """Live count of the members born in `bound`'s month on its shorter side of `bound`.

    ("split", "y<i>", n): born after the bound, in the younger band; ("split", "o<i>", n): born
    on or before it, in the older band.
    """
    first = bound.replace(day=1)
    last = bound.replace(day=calendar.monthrange(bound.year, bound.month)[1])
    if (last - bound).days <= (bound - first).days:
        side, born = "y", and_(Person.birth_date > bound, Person.birth_date <= last)
    else:
        side, born = "o", and_(Person.birth_date >= first, Person.birth_date <= bound)
    return scope(select(_label("split"), _label(f"{side}{i}"), func.count())
                 .where(born, categories.clause("members")), user, Person)


def _live(bounds: list[date], user):
    """One pass over the subtree's members: by age band, and by education."""
    band = case(*[(Person.birth_date > bound, _label(f"a{i}")) for i, bound in enumerate(bounds)],
                else_=_label(f"a{LAST}"))
    education = func.coalesce(Person.education, UNKNOWN)
    members = categories.clause("members")
    return union_all(
        scope(select(_label("month"), band, func.count()).where(members).group_by(band),
              user, Person),
        scope(select(_label("education"), education, func.count()).where(members)
              .group_by(education), user, Person))


def _figures(rows) -> dict:
    """The chart's figures from (dim, bucket, n) rows of `_kept` or `_live`."""
    age, edu = [0] * len(AGE_BANDS), {}
    split_month, split_side = {}, {}
    for dim, bucket, n in rows:
        n = int(n or 0)
        if dim == "education":
            edu[bucket] = edu.get(bucket, 0) + n
        elif dim == "split":
            split_side[int(bucket[1:])] = (bucket[0], n)
        elif bucket[0] == "s":
            split_month[int(bucket[1:])] = n
        else:
            age[int(bucket[1:])] += n
    for i, (side, n) in split_side.items():
        month = split_month.get(i, 0)
        younger = n if side == "y" else month - n
        age[i] += younger
        age[i + 1] += month - younger
    return {
        "age_labels": [label for label, _young, _old in AGE_BANDS],
        "age": age,
        "edu_labels": list(EDUCATION.values()) + ["未填写"],
        "edu": [edu.get(code, 0) for code in EDUCATION] + [edu.get(UNKNOWN, 0)],
    }
