"""Live member counts of one organisation by category (one GROUP BY, no cached figures)."""
from __future__ import annotations

from sqlalchemy import case, func, select

from models import DifficultMember, Organization, Person, path_bounds
from models.codes import ON_ROLL

# Categories shown on the organisation page: (key, label, condition on Person).
CATEGORIES = [
    ("full", "正式党员"), ("probationary", "预备党员"), ("inflow", "流入党员"),
    ("target", "发展对象"), ("activist", "入党积极分子"), ("applicant", "入党申请人"),
    ("pending", "待审批"),
]


def category_counts(session, org: Organization) -> dict[str, dict[str, int]]:
    """Return {"direct": {category: n}, "total": {...}} for the organisation and its subtree."""
    lo, hi = path_bounds(org.path)
    category = case(
        (Person.status == "pending", "pending"),
        (Person.management == "inflow", "inflow"),
        else_=Person.stage,
    )
    own = case((Person.org_id == org.id, 1), else_=0)
    rows = session.execute(
        select(category, func.count(), func.sum(own))
        .where(Person.org_path >= lo, Person.org_path < hi,
               Person.status.in_(ON_ROLL + ("pending",)))
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
    # 流入党员 also counts members flowing in and received here (actions.members.flows.inflow_clause).
    from actions.members.flows import inflow_clause

    inflow = select(func.count()).select_from(Person).where(inflow_clause(lo, hi))
    total["inflow"] = session.execute(inflow).scalar_one()
    direct["inflow"] = session.execute(inflow.where(
        (Person.org_id == org.id) | (Person.here_path == org.path))).scalar_one()
    return {"direct": direct, "total": total}


def children(session, org: Organization) -> list[Organization]:
    return list(session.execute(select(Organization).where(Organization.parent_id == org.id)
                                .order_by(Organization.code)).scalars())
