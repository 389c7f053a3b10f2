"""Live counts for the home page and the organisation tree (one GROUP BY each)."""
from __future__ import annotations

from sqlalchemy import func, literal_column, select

from actions.members import categories
from actions.scoping import bounds_of, scope
from models import Organization, Person, path_bounds
from models.org import PATH_WIDTH


def stage_counts(session, user) -> dict[str, int]:
    """People of the user's jurisdiction by category: the stages, then direct and inflow members."""
    keys = ("applicant", "activist", "target", "probationary", "full")
    key = categories.which_of(keys)
    stmt = scope(select(key, func.count()).where(key.is_not(None)).group_by(key), user, Person)
    counts = dict(session.execute(stmt).all())
    inflow = select(func.count()).select_from(Person).where(
        categories.within("inflow", *bounds_of(user)))
    counts["inflow"] = session.execute(scope(inflow, user, Person, present=True)).scalar_one()
    return {k: counts.get(k, 0) for k in keys + ("inflow",)}


def children_with_counts(session, org: Organization) -> list[dict]:
    """Active children of `org`, each with its members directly and in its whole subtree."""
    return _children(session, org, below=False)[0]


def tree_level(session, org: Organization) -> tuple[list[dict], int, int]:
    """(children_with_counts, members of `org` itself, members of its whole subtree).

    The subtree's members are counted once, grouped by the child segment of their path; the
    subtree total is that sum plus the organisation's own members.
    """
    rows, below = _children(session, org, below=True)
    own = member_count(session, org, subtree=False)
    return rows, own, own + below


def _children(session, org: Organization, below: bool) -> tuple[list[dict], int]:
    """(children rows, members below `org`); the pass below runs if there are active children
    or `below` asks for the total (members of dissolved children count too)."""
    children = session.execute(
        select(Organization).where(Organization.parent_id == org.id,
                                   Organization.status == "active").order_by(Organization.code)
    ).scalars().all()
    lo, hi = path_bounds(org.path)
    width = len(org.path) + PATH_WIDTH + 1
    members = (categories.clause("members"),)
    # Members of the subtree grouped by the child segment of their path: one pass.
    # Inline the lengths: PostgreSQL must see the same expression in SELECT and GROUP BY.
    key = func.substr(Person.org_path, literal_column("1"), literal_column(str(int(width))))
    # One covering index holds path, stage and status: read in path order, no row lookups.
    # (SQLite's planner, which knows no range sizes, would take the (status, org_path) index.)
    by_child = dict(session.execute(
        select(key, func.count())
        .where(Person.org_path > lo, Person.org_path < hi, *members)
        .group_by(key).with_hint(Person, "INDEXED BY ix_person_org_path_stage", "sqlite")
    ).all()) if children or below else {}
    ids = [c.id for c in children]
    direct = dict(session.execute(
        select(Person.org_id, func.count())
        .where(Person.org_id.in_(ids), *members)
        .group_by(Person.org_id)
    ).all()) if children else {}
    sub_orgs = dict(session.execute(
        select(Organization.parent_id, func.count())
        .where(Organization.parent_id.in_(ids), Organization.status == "active")
        .group_by(Organization.parent_id)
    ).all()) if children else {}
    rows = [{"org": c, "direct": direct.get(c.id, 0), "total": by_child.get(c.path, 0),
             "children": sub_orgs.get(c.id, 0)} for c in children]
    return rows, sum(by_child.values())


def member_count(session, org: Organization, subtree: bool = True) -> int:
    members = (categories.clause("members"),)
    if subtree:
        lo, hi = path_bounds(org.path)
        cond = (Person.org_path >= lo, Person.org_path < hi)
    else:
        cond = (Person.org_id == org.id,)
    return session.execute(select(func.count()).select_from(Person).where(*cond, *members)).scalar_one()
