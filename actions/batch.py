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

from actions import delegates, privacy
from actions.errors import Conflict, PermissionDenied, RuleViolation
from actions.members import dues_batch, records
from actions.scoping import ensure_in_scope, scope
from models import Activity, Delegate, DuesPayment, Evaluation, Organization, Person, path_bounds
from models.base import utcnow
from models.codes import DUES_CLASS, MEMBER_STAGES, ON_ROLL

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
    if kind == "dues":
        return _shared_dues(values)
    return records.clean(kind, values)


def _shared_dues(values: dict) -> dict:
    """The part of a dues payment filled once for the batch: months, date, note, and the
    class for members who never paid (each member's own terms are computed by dues_batch)."""
    cls = values.get("dues_class") or None
    if cls is not None and cls not in DUES_CLASS:
        raise RuleViolation("请选择党费计算类别", "dues_class")
    checked = records.clean("dues", {**values, "dues_class": "student", "income_base": None,
                                     "monthly_amount": None, "override_reason": None})
    return {k: checked[k] for k in ("content", "month_from", "month_to", "paid_on")} | {
        "dues_class": cls}


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
        everyone: bool = False, expected: int | None = None,
        dues_rows: dict[int, dict] | None = None) -> int:
    """Add the record to the chosen members who lack it (one bulk insert); return the count.

    Idempotent: two identical entries at once give each member one record. The unique rule of
    each record kind refuses the loser's duplicate rows; it then reads again who still lacks
    the record and adds it to them only (usually nobody). Dues also lock the members' rows on
    PostgreSQL, so that overlapping months entered at once cannot both be saved.
    Dues are computed per member (dues_batch.plan): `dues_rows` holds what the operator typed
    on members' rows (class, base, amount), by member id.
    """
    if not actor.can("operator"):
        raise PermissionDenied()
    stmt = _chosen(people_stmt(session, actor, kind, data, target, added=False), person_ids, everyone)
    model = MODELS[kind]
    org = target_org(session, actor, target)
    per_person = None
    for attempt in range(2):
        if kind == "dues":
            _lock_people(session, stmt)
        # Read the ids first, then one executemany ORM insert: an INSERT ... SELECT whose NOT
        # EXISTS probes the table being filled degrades badly on PostgreSQL before statistics.
        ids = list(session.execute(stmt.order_by(None)).scalars())
        if attempt == 0 and everyone and len(ids) != expected:
            raise Conflict(f"符合条件的党员现为 {len(ids)} 人，与确认时的人数不同，请重新确认")
        if not ids:
            session.rollback()
            return 0
        if kind == "dues":
            per_person, _lines, errors = dues_batch.plan(session, actor, ids, data, dues_rows, 0)
            if errors:
                raise RuleViolation(f"有 {errors} 名党员的党费无法计算（如在职、离退休党员缺少计算基数），"
                                    "请在列表中逐人填写后再确认")
        rows = _rows(kind, data, ids, actor, per_person)
        try:
            session.execute(insert(model).execution_options(
                audit_org_path=org.path, audit_summary=_summary(session, kind, data, ids),
                audit_changes={"rows": len(ids), "batch_id": rows[0]["batch_id"], "people": _people(session, ids)}),
                rows)
            session.commit()
            return len(ids)
        except IntegrityError:
            # Someone added the same record to some of these members meanwhile: read again.
            session.rollback()
    raise Conflict("其他用户刚为其中部分党员添加了相同记录，请重新查询后再试")


def _rows(kind: str, data: dict, ids: list[int], actor, per_person: dict | None) -> list[dict]:
    values = {k: v for k, v in data.items() if v is not None}
    values.update(created_by_id=actor.id, batch_id=uuid.uuid4().hex, created_at=utcnow())
    if kind == "delegate":
        values.setdefault("status", "active")
    return [{"person_id": pid, **values, **((per_person or {}).get(pid) or {})} for pid in ids]


def _lock_people(session, stmt) -> None:
    """Lock the chosen members' rows (PostgreSQL) so their payments are checked one at a time."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Person.id).where(Person.id.in_(stmt.order_by(None)))
                        .order_by(Person.id).with_for_update())


def _people(session, ids: list[int]) -> list[dict]:
    """Who a batch touched, for its audit entry: name, masked ID number, organisation."""
    rows = session.execute(select(Person.id, Person.name, Person.id_number, Organization.name)
                           .join(Organization, Organization.id == Person.org_id)
                           .where(Person.id.in_(ids)).order_by(Person.org_path, Person.id))
    return [{"person_id": pid, "name": name, "id_number": privacy.mask_id(number), "org": org}
            for pid, name, number, org in rows]


def _summary(session, kind: str, data: dict, ids: list[int]) -> str:
    names = list(session.execute(select(Person.name).where(Person.id.in_(ids[:20]))).scalars())
    what = data.get("title") or ""
    if kind == "dues":
        what = f"{data['month_from']:%Y-%m}至{data['month_to']:%Y-%m}"
    elif kind == "evaluation":
        what = f"{data['year']}年度"
    more = f"等 {len(ids)} 人" if len(ids) > len(names) else f"共 {len(ids)} 人"
    return f"批量添加{LABELS[kind]}「{what}」：{'、'.join(names)}{more}"


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
