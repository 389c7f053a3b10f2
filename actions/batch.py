"""Batch entry (批量录入): one record, filled once, added to many members in one statement.

确定 lists the members of the target organisation who do NOT have the record yet; 查询已添加
lists those who do. Adding and deleting work on chosen members or on everyone matching the
filter; "everyone" must be confirmed with the count the user saw.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import and_, delete, exists, func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from models import Activity, Delegate, DuesPayment, Evaluation, Organization, Person, path_bounds
from models.base import utcnow
from models.codes import MEMBER_STAGES, ON_ROLL

from actions import delegates
from actions.members import records
from actions.errors import Conflict, PermissionDenied, RuleViolation
from actions.scoping import ensure_in_scope, scope

MODELS = {"activity": Activity, "dues": DuesPayment, "evaluation": Evaluation, "delegate": Delegate}
LABELS = {"activity": "活动记录", "dues": "党费交纳记录", "evaluation": "民主评议", "delegate": "党代表"}
MAX_IDS = 5000


@dataclass
class Target:
    """Whose members: an organisation of the user's scope, with or without its subtree."""

    org_id: int | None = None
    subtree: bool = True
    search: str = ""
    picked: tuple[int, ...] = ()  # only these people (ticked in a member list), when given


def clean(kind: str, values: dict) -> dict:
    """Validate the record the operator filled once; return its column values."""
    if kind == "delegate":
        return delegates.clean(values)
    if kind not in MODELS:
        raise RuleViolation("未知的批量录入类型")
    return records.clean(kind, values)


def _has_record(kind: str, data: dict, exact: bool = False):
    """SQL: the person (correlated) already has this record."""
    model = MODELS[kind]
    if kind == "activity":
        cond = and_(Activity.title == data["title"], Activity.held_on == data["held_on"])
    elif kind == "dues":
        # Nobody pays a month twice: any payment overlapping the months counts; deleting
        # removes only payments of exactly these months.
        cond = (and_(DuesPayment.month_from == data["month_from"],
                     DuesPayment.month_to == data["month_to"]) if exact else
                and_(DuesPayment.month_from <= data["month_to"],
                     DuesPayment.month_to >= data["month_from"]))
    elif kind == "evaluation":
        cond = Evaluation.year == data["year"]
    else:
        cond = and_(Delegate.level == data["level"], Delegate.term == data["term"])
    return model, cond


def target_org(session, actor, target: Target) -> Organization:
    org = session.get(Organization, target.org_id) if target.org_id else actor.org
    if org is None:
        raise RuleViolation("请选择党组织", "org")
    ensure_in_scope(org, actor, "org")
    return org


def members(session, actor, target: Target):
    """Select of the ids of direct members on the roll in the target, inside the scope."""
    org = target_org(session, actor, target)
    if target.subtree:
        lo, hi = path_bounds(org.path)
        where = [Person.org_path >= lo, Person.org_path < hi]
    else:
        where = [Person.org_id == org.id]
    term = (target.search or "").strip()
    if term:
        hi_term = term[:-1] + chr(ord(term[-1]) + 1)
        where.append(or_(and_(Person.name >= term, Person.name < hi_term),
                         and_(Person.id_number >= term.upper(), Person.id_number < hi_term.upper())))
    stmt = select(Person.id).where(*where, Person.stage.in_(MEMBER_STAGES),
                                   Person.status.in_(ON_ROLL), Person.management == "direct")
    return scope(stmt, actor, Person)


def people_stmt(session, actor, kind: str, data: dict, target: Target, added: bool):
    """Select of the member ids that have (added) or lack (not added) the record."""
    model, cond = _has_record(kind, data)
    has = exists().where(model.person_id == Person.id, cond)
    stmt = members(session, actor, target).where(has if added else ~has)
    return stmt.where(Person.id.in_(target.picked)) if target.picked else stmt


def count(session, actor, kind, data, target, added: bool, cap: int | None = None) -> int:
    """How many members have (or lack) the record; with `cap`, stop counting at cap + 1."""
    stmt = people_stmt(session, actor, kind, data, target, added)
    if cap is not None:
        stmt = stmt.limit(cap + 1)
    return session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()


def page(session, actor, kind, data, target, added: bool, number: int = 1, size: int = 50):
    """One page of the people, in organisation order, with their organisation loaded."""
    ids = people_stmt(session, actor, kind, data, target, added)
    stmt = (select(Person).where(Person.id.in_(ids)).order_by(Person.org_path, Person.id)
            .offset((max(number, 1) - 1) * size).limit(size))
    return list(session.execute(stmt).scalars())


def _chosen(stmt, person_ids: list[int] | None, everyone: bool):
    if everyone:
        return stmt
    ids = [int(i) for i in (person_ids or [])][:MAX_IDS]
    if not ids:
        raise RuleViolation("请先勾选党员，或选择“全部符合条件的党员”")
    return stmt.where(Person.id.in_(ids))


def _confirm(session, stmt, expected: int | None) -> None:
    now = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    if expected is None or now != expected:
        raise Conflict(f"符合条件的党员现为 {now} 人，与确认时的人数不同，请重新确认")


def add(session, actor, kind: str, data: dict, target: Target, person_ids=None,
        everyone: bool = False, expected: int | None = None) -> int:
    """Add the record to the chosen members who lack it (one bulk insert); return the count."""
    if not actor.can("operator"):
        raise PermissionDenied()
    stmt = _chosen(people_stmt(session, actor, kind, data, target, added=False), person_ids, everyone)
    model = MODELS[kind]
    values = {k: v for k, v in data.items() if v is not None}
    values.update(created_by_id=actor.id, batch_id=uuid.uuid4().hex, created_at=utcnow())
    if kind == "delegate":
        values.setdefault("status", "active")
    # Read the ids first, then one executemany ORM insert: an INSERT ... SELECT whose NOT EXISTS
    # probes the table being filled degrades badly on PostgreSQL before statistics exist.
    ids = list(session.execute(stmt.order_by(None)).scalars())
    if everyone and len(ids) != expected:
        raise Conflict(f"符合条件的党员现为 {len(ids)} 人，与确认时的人数不同，请重新确认")
    if not ids:
        return 0
    org = target_org(session, actor, target)
    try:
        session.execute(insert(model).execution_options(audit_org_path=org.path),
                        [{"person_id": pid, **values} for pid in ids])
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict("其他用户刚为其中部分党员添加了相同记录，请重新查询后再试")
    return len(ids)


def remove(session, actor, kind: str, data: dict, target: Target, person_ids=None,
           everyone: bool = False, expected: int | None = None) -> int:
    """Delete this record from the chosen members (bulk, audited); returns the rows deleted."""
    if not actor.can("operator"):
        raise PermissionDenied()
    stmt = _chosen(people_stmt(session, actor, kind, data, target, added=True), person_ids, everyone)
    if everyone:
        _confirm(session, stmt, expected)
    model, cond = _has_record(kind, data, exact=True)
    org = target_org(session, actor, target)
    result = session.execute(
        delete(model).where(cond, model.person_id.in_(stmt)),
        execution_options={"synchronize_session": False, "audit_org_path": org.path},
    )
    session.commit()
    return result.rowcount
