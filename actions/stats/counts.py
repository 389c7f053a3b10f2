"""Live counts for the home page and the organisation tree, read from the person tally."""
from __future__ import annotations

from sqlalchemy import and_, func, not_, select

from actions.members import categories
from actions.stats import tally
from models import Organization, Person, path_bounds

STAGE_KEYS = ("applicant", "activist", "target", "probationary", "full")


def stage_counts(session, user) -> dict[str, int]:
    """People of the user's jurisdiction by category: the stages, then direct and inflow members."""
    zero = {k: 0 for k in STAGE_KEYS + ("inflow",)}
    if user is None or getattr(user, "org", None) is None or not user.org.path:
        return zero
    counts = tally.category_counts(session, user.org.path, STAGE_KEYS)
    counts["inflow"] = inflow_count(session, user.org.path)
    return counts


def inflow_count(session, path: str) -> int:
    """流入党员 of the subtree at `path`: on its rolls, plus those of other rolls received there."""
    lo, hi = path_bounds(path)
    on_roll_here = and_(categories.clause("inflow"), Person.org_path >= lo, Person.org_path < hi)
    received = session.execute(select(func.count()).select_from(Person).where(
        categories.received_within(lo, hi), not_(on_roll_here))).scalar_one()
    return tally.count(session, path, "inflow") + received


def children_with_counts(session, org: Organization) -> list[dict]:
    """Active children of `org`, each with its members directly and in its whole subtree."""
    return _children(session, org)


def tree_level(session, org: Organization) -> tuple[list[dict], int, int]:
    """(children_with_counts, members of `org` itself, members of its whole subtree)."""
    own, total = tally.per_path(session, [org.path], "members")[org.path]
    return _children(session, org), own, total


def _children(session, org: Organization) -> list[dict]:
    children = session.execute(
        select(Organization).where(Organization.parent_id == org.id,
                                   Organization.status == "active").order_by(Organization.code)
    ).scalars().all()
    if not children:
        return []
    counts = tally.per_path(session, [c.path for c in children], "members")
    ids = [c.id for c in children]
    sub_orgs = dict(session.execute(
        select(Organization.parent_id, func.count())
        .where(Organization.parent_id.in_(ids), Organization.status == "active")
        .group_by(Organization.parent_id)
    ).all())
    return [{"org": c, "direct": counts[c.path][0], "total": counts[c.path][1],
             "children": sub_orgs.get(c.id, 0)} for c in children]

