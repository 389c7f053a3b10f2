"""党籍 changes and ID-number corrections: dated, reasoned, audited; nothing is deleted."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from actions import clock
from actions.errors import Conflict, PermissionDenied, RuleViolation
from actions.members import idnumber
from actions.members.people import find_by_id_number
from actions.scoping import ensure_in_scope
from models import Flow, IdNumberChange, Person, StatusChange
from models.codes import MEMBER_STAGES, ON_ROLL, STATUS_CHANGE_LEAVING, STATUS_CHANGE_TARGET

LEAVING = STATUS_CHANGE_LEAVING


def _common(actor, person: Person, on: date | None, reason: str) -> str:
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor)
    reason = (reason or "").strip()
    if on is None:
        raise RuleViolation("请填写日期", "changed_on")
    if on > clock.today():
        raise RuleViolation("日期不能晚于今天", "changed_on")
    if not reason:
        raise RuleViolation("请填写原因", "reason")
    return reason[:500]


def _commit(session) -> None:
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict() from None


def change_status(session, actor, person: Person, kind: str, on: date | None,
                  reason: str) -> StatusChange:
    """Record a typed 党籍 change; the person leaves the active roll but keeps every record."""
    reason = _common(actor, person, on, reason)
    if kind not in LEAVING:
        raise RuleViolation("请选择变动类型", "kind")
    if person.stage not in MEMBER_STAGES:
        raise RuleViolation("只有党员才有党籍变动")
    if person.status not in ON_ROLL or person.status == "transfer_pending":
        raise RuleViolation("该党员当前状态不能办理党籍变动（转接待接收的请先取消转接）")
    if kind == "cancel_probation" and person.stage != "probationary":
        raise RuleViolation("取消预备党员资格只适用于预备党员", "kind")
    before = person.status
    person.status = STATUS_CHANGE_TARGET.get(kind, "left")
    for flow in session.execute(select(Flow).where(Flow.person_id == person.id,
                                                   Flow.status == "out")).scalars():
        flow.status = "ended"  # a member who left is no longer flowing anywhere
    change = StatusChange(person_id=person.id, kind=kind, changed_on=on, reason=reason,
                          status_before=before, status_after=person.status)
    session.add(change)
    _commit(session)
    return change


def restore(session, actor, person: Person, on: date | None, reason: str) -> StatusChange:
    """Restore a suspended membership (恢复党籍); no other removal can be undone."""
    reason = _common(actor, person, on, reason)
    if person.status != "suspended":
        raise RuleViolation("只有停止党籍的党员可以恢复党籍；其他离开组织的类型不能恢复")
    person.status = "normal"
    change = StatusChange(person_id=person.id, kind="restore", changed_on=on, reason=reason,
                          status_before="suspended", status_after="normal")
    session.add(change)
    _commit(session)
    return change


def history(session, person_id: int) -> list[StatusChange]:
    return list(session.execute(select(StatusChange).where(StatusChange.person_id == person_id)
                                .order_by(StatusChange.changed_on, StatusChange.id)).scalars())


def change_id_number(session, actor, person: Person, new_number: str, reason: str,
                     on: date | None = None) -> IdNumberChange:
    """Correct a person's ID number, keeping the old one findable in the change history."""
    on = on or clock.today()
    reason = _common(actor, person, on, reason)
    info = idnumber.parse(new_number, "new_number")
    if info.number == person.id_number:
        raise RuleViolation("新身份证号码与原号码相同", "new_number")
    other = find_by_id_number(session, info.number)
    if other is not None:
        raise RuleViolation("该身份证号码已被其他人员使用", "new_number")
    change = IdNumberChange(person_id=person.id, old_number=person.id_number,
                            new_number=info.number, changed_on=on, reason=reason)
    person.id_number, person.birth_date, person.sex = info.number, info.birth_date, info.sex
    session.add(change)
    _commit(session)
    return change


def former_numbers(session, person_id: int) -> list[IdNumberChange]:
    return list(session.execute(select(IdNumberChange).where(IdNumberChange.person_id == person_id)
                                .order_by(IdNumberChange.id)).scalars())
