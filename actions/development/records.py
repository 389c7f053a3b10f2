"""Records of the development file: create, edit, review application letters; locking."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from actions import clock
from models import DevRecord, DevSubmission, Person
from models.codes import STAGE

from actions.errors import PermissionDenied, RuleViolation
from actions.scoping import ensure_in_scope
from actions.development.catalogue import KINDS, MIN_STAGE, SUBMISSIONS, Kind, recordable

TEXT_LIMITS = {"title": 200, "place": 200, "host": 50, "recorder": 50, "result": 100,
               "scope": 200, "time_range": 50, "reason": 500, "content": 20000}
# Statuses of a submission that keep its stage's records read-only.
LOCKING = ("pending", "approved", "rejected", "cancelled")


def locked_kinds(session, person_id: int) -> set[str]:
    """Return the record kinds that a submission made read-only."""
    kinds = session.execute(
        select(DevSubmission.kind).where(DevSubmission.person_id == person_id,
                                         DevSubmission.status.in_(LOCKING))
    ).scalars().all()
    locked: set[str] = set()
    for kind in kinds:
        locked.update(SUBMISSIONS[kind].locks)
    return locked


def ensure_editable(session, actor, person: Person, kind: str) -> Kind:
    """Raise unless the actor may write records of `kind` for this person now."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor)
    spec = KINDS.get(kind)
    if spec is None:
        raise RuleViolation("记录类型无效", "kind")
    if person.status != "normal":
        raise RuleViolation("该人员发展流程已终止或状态异常，记录不能再修改")
    if not recordable(kind, person.stage):
        raise RuleViolation(f"{spec.label}须在人员进入“{STAGE[MIN_STAGE[kind]]}”阶段后录入")
    if kind in locked_kinds(session, person.id):
        raise RuleViolation("本阶段已报上级党委，记录已锁定，不能再修改")
    return spec


def _int(value, label, name):
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise RuleViolation(f"{label}应为整数", name) from None
    if n < 0 or n > 100000:
        raise RuleViolation(f"{label}应为0至100000之间的整数", name)
    return n


def _clean(session, actor, person: Person, spec: Kind, values: dict, today: date) -> dict:
    out = {}
    for field in spec.fields:
        value = values.get(field.name)
        if isinstance(value, str):
            value = value.strip() or None
        if field.required and value in (None, ""):
            raise RuleViolation(f"请填写{field.label}", field.name)
        if value is None:
            out[field.name] = None
            continue
        if field.type == "date":
            if not isinstance(value, date):
                try:
                    value = date.fromisoformat(str(value))
                except ValueError:
                    raise RuleViolation(f"{field.label}格式应为年-月-日", field.name) from None
            if value > today:
                raise RuleViolation(f"{field.label}不能晚于今天", field.name)
        elif field.type == "int":
            value = _int(value, field.label, field.name)
        elif field.type == "select" and value not in field.options:
            raise RuleViolation(f"请选择有效的{field.label}", field.name)
        elif field.type == "person":
            value = _related(session, actor, person, spec, value, field.name)
        elif len(str(value)) > TEXT_LIMITS.get(field.name, 200):
            raise RuleViolation(f"{field.label}不能超过{TEXT_LIMITS.get(field.name, 200)}个字",
                                field.name)
        out[field.name] = value
    if out.get("end_date") and out.get("on_date") and out["end_date"] < out["on_date"]:
        raise RuleViolation("结束日期不能早于开始日期", "end_date")
    return out


def _related(session, actor, person: Person, spec: Kind, value, name: str) -> int:
    try:
        other = session.get(Person, int(value))
    except (TypeError, ValueError):
        other = None
    if other is None:
        raise RuleViolation("请选择党员", name)
    ensure_in_scope(other, actor, name)
    if other.stage not in ("probationary", "full"):
        raise RuleViolation("只能选择党员", name)
    if spec.code == "contact" and other.org_id != person.org_id:
        raise RuleViolation("培养联系人应在本支部党员中选择", name)
    return other.id


def create_record(session, actor, person: Person, kind: str, values: dict,
                  today: date | None = None) -> DevRecord:
    """Add a dated record of a development step, authored by the actor."""
    spec = ensure_editable(session, actor, person, kind)
    data = _clean(session, actor, person, spec, values, today or clock.today())
    record = DevRecord(person_id=person.id, kind=kind, author_id=actor.id, **data)
    session.add(record)
    session.commit()
    return record


def update_record(session, actor, record: DevRecord, values: dict,
                  today: date | None = None) -> DevRecord:
    """Correct a record while its stage is not yet submitted."""
    spec = ensure_editable(session, actor, record.person, record.kind)
    data = _clean(session, actor, record.person, spec, values, today or clock.today())
    for key, value in data.items():
        setattr(record, key, value)
    record.author_id = actor.id
    session.commit()
    return record


def review_application(session, actor, record: DevRecord, approve: bool,
                       reason: str | None = None) -> DevRecord:
    """Approve an application letter, or return it with a reason for rewriting."""
    spec = ensure_editable(session, actor, record.person, record.kind)
    if not spec.reviewed:
        raise RuleViolation("该记录无需审核")
    if approve:
        record.status, record.reason = "approved", None
        if record.kind == "application" and record.person.applied_on is None:
            record.person.applied_on = record.on_date
    else:
        if not (reason or "").strip():
            raise RuleViolation("退回时请填写退回原因", "reason")
        if len(reason.strip()) > 500:
            raise RuleViolation("退回原因不能超过500个字", "reason")
        record.status, record.reason = "returned", reason.strip()
    session.commit()
    return record
