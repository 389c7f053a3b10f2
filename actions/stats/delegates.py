"""党代表统计: overlap, exclusion and crossing of levels and terms, as percentages, in SQL."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, func, select

from actions.scoping import scope
from models import Delegate, Person
from models.codes import DELEGATE_LEVEL


@dataclass
class StatsQuery:
    own_only: bool = False  # 单位本级汇总 (own organisation) or 辖区汇总 (jurisdiction)
    overlap: list[str] = field(default_factory=lambda: ["2", "3"])  # has every one of these levels
    include: str | None = "2"  # exclusion: a delegate of this level ...
    exclude: str | None = "3"  # ... but not of this one
    terms: list[int] = field(default_factory=list)  # crossing: delegate in every one of these terms
    joint_levels: int = 2  # levels and terms together: at least this many levels ...
    joint_terms: int = 2  # ... and at least this many terms
    category: str | None = None
    delegation: str | None = None


def percent(part: int, whole: int) -> str:
    if not whole:
        return "0.0%"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"


def _has(level=None, term=None):
    cond = Delegate.level == level if level is not None else Delegate.term == term
    return func.max(case((cond, 1), else_=0))


def compute(session, user, q: StatsQuery) -> dict:
    """Counts per person (one GROUP BY), summed once more: every figure is a share of the
    distinct delegates (people with an active qualification) in the chosen scope."""
    levels = sorted(set(q.overlap) | {q.include, q.exclude} - {None})
    terms = sorted(set(q.terms))
    per_person = select(
        Delegate.person_id,
        func.count(func.distinct(Delegate.level)).label("n_levels"),
        func.count(func.distinct(Delegate.term)).label("n_terms"),
        *[_has(level=lv).label(f"l{lv}") for lv in levels],
        *[_has(term=t).label(f"t{t}") for t in terms],
    ).where(Delegate.status == "active")
    if q.own_only:
        per_person = per_person.where(Delegate.person_id.in_(
            select(Person.id).where(Person.org_id == user.org_id)))
    if q.category:
        per_person = per_person.where(Delegate.category == q.category)
    if q.delegation:
        per_person = per_person.where(Delegate.delegation == q.delegation)
    # Scoped as delegates: a wide jurisdiction reads the delegates and looks each person up,
    # rather than joining every person of the city.
    sub = scope(per_person, user, Delegate).group_by(Delegate.person_id).subquery()

    def total(cond):
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    figures = {
        "overlap": total(and_(*[sub.c[f"l{lv}"] == 1 for lv in q.overlap])) if q.overlap else None,
        "exclusion": total(and_(sub.c[f"l{q.include}"] == 1, sub.c[f"l{q.exclude}"] == 0))
        if q.include and q.exclude else None,
        "crossing": total(and_(*[sub.c[f"t{t}"] == 1 for t in terms])) if terms else None,
        "joint": total(and_(sub.c.n_levels >= q.joint_levels, sub.c.n_terms >= q.joint_terms)),
        "terms_1": total(sub.c.n_terms == 1),
        "terms_2": total(sub.c.n_terms == 2),
        "terms_3": total(sub.c.n_terms >= 3),
        **{f"level_{lv}": total(sub.c[f"l{lv}"] == 1) for lv in levels},
    }
    figures = {k: v for k, v in figures.items() if v is not None}
    row = session.execute(select(func.count(), *figures.values()).select_from(sub)).one()
    base, values = row[0], dict(zip(figures, row[1:]))
    name = DELEGATE_LEVEL.get
    labels = {
        "overlap": "层级重叠：既是" + "、又是".join(f"{name(lv)}党代表" for lv in q.overlap),
        "exclusion": f"层级排除：是{name(q.include)}党代表，但不是{name(q.exclude)}党代表",
        "crossing": "届次交叉：既是" + "、又是".join(f"第{t}届" for t in terms) + "党代表",
        "joint": f"层级届次联动：担任{q.joint_levels}级及以上、{q.joint_terms}届及以上党代表",
        "terms_1": "多届次：担任1届", "terms_2": "多届次：担任2届", "terms_3": "多届次：担任3届及以上",
        **{f"level_{lv}": f"{name(lv)}党代表" for lv in levels},
    }
    rows = [{"key": k, "label": labels[k], "count": int(v), "percent": percent(int(v), base)}
            for k, v in values.items()]
    return {"base": base, "rows": rows}
