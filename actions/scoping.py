"""Jurisdiction scoping: the one function every query and write goes through."""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import false

from models import Scoped, path_bounds

from actions.errors import NotInScope

Q = TypeVar("Q")


def bounds_of(user) -> tuple[str, str]:
    """Return the [lo, hi) path range of the user's jurisdiction (本级及辖区)."""
    return path_bounds(user.org.path)


def scope(query: Q, user, model: type[Scoped] | None = None) -> Q:
    """Limit a Query or Select to rows inside the user's organisation subtree.

    A user without an organisation path sees nothing.
    """
    if model is None:
        model = _entity_of(query)
    if not issubclass(model, Scoped):
        raise TypeError(f"{model.__name__} is not a scoped model")
    if user is None or getattr(user, "org", None) is None or not user.org.path:
        return query.where(false())  # type: ignore[attr-defined]
    lo, hi = bounds_of(user)
    return query.where(model.scope_clause(lo, hi))  # type: ignore[attr-defined]


def in_scope(obj: Scoped, user) -> bool:
    """Return True when a loaded row lies inside the user's jurisdiction."""
    path = obj.scope_path()
    if not path or user is None or user.org is None:
        return False
    lo, hi = bounds_of(user)
    return lo <= path < hi


def ensure_in_scope(obj: Scoped | None, user, field: str | None = None) -> None:
    if obj is None or not in_scope(obj, user):
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
