"""Live member counts of one organisation by category (one GROUP BY, no cached figures)."""
from __future__ import annotations

from sqlalchemy import case, func, select

from actions.members import categories
from models import DifficultMember, Organization, Person, path_bounds

# Categories shown on the organisation page, each person counted in one of them.
CATEGORIES = categories.choices(categories.ORG_PAGE)


def category_counts(session, org: Organization) -> dict[str, dict[str, int]]:
    """Return {"direct": {category: n}, "total": {...}} for the organisation and its subtree."""
    lo, hi = path_bounds(org.path)
    category = categories.which_of(categories.ORG_PAGE)
    own = case((Person.org_id == org.id, 1), else_=0)
    rows = session.execute(
        select(category, func.count(), func.sum(own))
        .where(Person.org_path >= lo, Person.org_path < hi, category.is_not(None))
        .group_by(category)
    ).all()
    total = {key: 0 for key, _ in CATEGORIES}
    direct = dict(total)
    for key, n, n_own in rows:
        if key in total:
            total[key], direct[key] = n, int(n_own or 0)
    difficult = select(func.count()).select_from(DifficultMember).join(Person).where(
        DifficultMember.status == "active", Person.org_path >= lo, Person.org_path < hi)
    total["difficult"] = session.execute(difficult).scalar_one()
    direct["difficult"] = session.execute(difficult.where(Person.org_id == org.id)).scalar_one()
    # 流入党员 also counts members of other organisations flowing in and received here.
    inflow = select(func.count()).select_from(Person).where(categories.within("inflow", lo, hi))
    total["inflow"] = session.execute(inflow).scalar_one()
    direct["inflow"] = session.execute(inflow.where(
        (Person.org_id == org.id) | (Person.here_path == org.path))).scalar_one()
    return {"direct": direct, "total": total}


def children(session, org: Organization) -> list[Organization]:
    return list(session.execute(select(Organization).where(Organization.parent_id == org.id)
                                .order_by(Organization.code)).scalars())
