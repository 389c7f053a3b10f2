"""Jurisdiction scoping: the one function every query and write goes through.

Two reaches over the same subtree ranges:
- home (default): the roll. A person and his records belong to the organisation holding his
  roll; everything that changes the roll, dues, stage or status needs this reach.
- present (`present=True`): home OR where the person is now (`Person.here_path`, set while a
  received flowing member is away). The receiving side sees him and keeps the records marked
  `present_reach` (activities, evaluations, the flow) and his contact details; nothing else.
"""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import false

from actions.errors import NotInScope
from actions.stats import tally
from models import Scoped, db, path_bounds
from models.tally import SEGMENT

Q = TypeVar("Q")
# Rows a list reads at most in its own order: a page, or a capped count of 10,000 (views.base).
LIST_READS = 10_000


def bounds_of(user) -> tuple[str, str]:
    """Return the [lo, hi) path range of the user's jurisdiction (本级及辖区)."""
    return path_bounds(user.org.path)


def scope(query: Q, user, model: type[Scoped] | None = None, present: bool = False) -> Q:
    """Limit a Query or Select to rows inside the user's organisation subtree.

    `present=True` also admits rows the subtree holds because a person is there now.
    A user without an organisation path sees nothing.
    """
    if model is None:
        model = _entity_of(query)
    if not issubclass(model, Scoped):
        raise TypeError(f"{model.__name__} is not a scoped model")
    if user is None or getattr(user, "org", None) is None or not user.org.path:
        return query.where(false())  # type: ignore[attr-defined]
    lo, hi = bounds_of(user)
    wide = model.scoped_by_reference and is_wide(user)
    clause = model.present_clause(lo, hi, wide) if present else model.scope_clause(lo, hi, wide)
    return query.where(clause)  # type: ignore[attr-defined]


def is_wide(user) -> bool:
    """Whether the user's jurisdiction holds so large a share of everyone that a table is best
    read in its own order, each row's organisation looked up, rather than by collecting the
    jurisdiction's people first.

    Read in order, a list meets its LIST_READS rows in scope after LIST_READS / share rows;
    collected first, it reads the share of all people. The two cost the same where
    people_in_scope² = LIST_READS × people under the top organisation (the person tally
    holds both counts).
    """
    path = user.org.path
    people = tally.people(db.session, path)
    return people * people > LIST_READS * tally.people(db.session, path[:SEGMENT])


def in_scope(obj: Scoped, user, present: bool = False) -> bool:
    """Return True when a loaded row lies inside the user's jurisdiction."""
    if user is None or getattr(user, "org", None) is None or not user.org.path:
        return False
    lo, hi = bounds_of(user)
    paths = obj.present_paths() if present else [obj.scope_path()]
    return any(p and lo <= p < hi for p in paths)


def present_only(obj: Scoped, user) -> bool:
    """True when the user reaches the row only because the person is there now (流入地)."""
    return in_scope(obj, user, present=True) and not in_scope(obj, user)


def ensure_in_scope(obj: Scoped | None, user, field: str | None = None,
                    present: bool = False) -> None:
    if obj is None or not in_scope(obj, user, present=present):
        raise NotInScope(field=field)


def is_strictly_below(path: str, user) -> bool:
    """Return True when `path` is a descendant of the user's organisation (not the org itself)."""
    lo, hi = bounds_of(user)
    return lo < path < hi


def _entity_of(query):
    desc = getattr(query, "column_descriptions", None)
    if desc:
        return desc[0]["entity"]
    raise TypeError("scope() needs the model for this statement")
