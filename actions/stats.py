"""Live counts for the home page and the organisation tree (one GROUP BY each)."""
from __future__ import annotations

from sqlalchemy import func, literal_column, select

from models import Organization, Person, path_bounds
from models.org import PATH_WIDTH
from models.codes import MEMBER_STAGES, ON_ROLL, STAGE

from actions.scoping import scope


def stage_counts(session, user) -> dict[str, int]:
    """People on the active roll in the user's jurisdiction, by stage."""
    stmt = scope(
        select(Person.stage, func.count()).where(Person.status.in_(ON_ROLL)).group_by(Person.stage),
        user, Person,
    )
    counts = dict(session.execute(stmt).all())
    return {code: counts.get(code, 0) for code in STAGE}


def pending_approvals(session, user) -> int:
    """New members entered below the user's organisation and waiting for approval."""
    stmt = scope(select(func.count()).select_from(Person), user, Person).where(
        Person.status == "pending", Person.org_path != user.org.path)
    return session.execute(stmt).scalar_one()


def children_with_counts(session, org: Organization) -> list[dict]:
    """Active children of `org`, each with its members directly and in its whole subtree."""
    children = session.execute(
        select(Organization).where(Organization.parent_id == org.id,
                                   Organization.status == "active").order_by(Organization.code)
    ).scalars().all()
    lo, hi = path_bounds(org.path)
    width = len(org.path) + PATH_WIDTH + 1
    members = (Person.stage.in_(MEMBER_STAGES), Person.status.in_(ON_ROLL))
    # Members of the subtree grouped by the child segment of their path: one pass.
    # Inline the lengths: PostgreSQL must see the same expression in SELECT and GROUP BY.
    key = func.substr(Person.org_path, literal_column("1"), literal_column(str(int(width))))
    by_child = dict(session.execute(
        select(key, func.count())
        .where(Person.org_path > lo, Person.org_path < hi, *members)
        .group_by(key)
    ).all()) if children else {}
    direct = dict(session.execute(
        select(Person.org_id, func.count())
        .where(Person.org_id.in_([c.id for c in children]), *members)
        .group_by(Person.org_id)
    ).all()) if children else {}
    sub_orgs = dict(session.execute(
        select(Organization.parent_id, func.count())
        .where(Organization.parent_id.in_([c.id for c in children]),
               Organization.status == "active")
        .group_by(Organization.parent_id)
    ).all()) if children else {}
    return [{"org": c, "direct": direct.get(c.id, 0), "total": by_child.get(c.path, 0),
             "children": sub_orgs.get(c.id, 0)} for c in children]


def member_count(session, org: Organization, subtree: bool = True) -> int:
    members = (Person.stage.in_(MEMBER_STAGES), Person.status.in_(ON_ROLL))
    if subtree:
        lo, hi = path_bounds(org.path)
        cond = (Person.org_path >= lo, Person.org_path < hi)
    else:
        cond = (Person.org_id == org.id,)
    return session.execute(select(func.count()).select_from(Person).where(*cond, *members)).scalar_one()
