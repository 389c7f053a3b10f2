"""Members in difficulty (困难党员): register by ID number, revoke (dated), record assistance."""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from actions import clock
from actions.errors import PermissionDenied, RuleViolation
from actions.members import idnumber, people
from actions.scoping import ensure_in_scope
from models import Assistance, DifficultMember, Person
from models.codes import ASSIST_FORM, DIFFICULTY_KIND, MEMBER_STAGES


def _member(session, actor, id_number: str) -> Person:
    if not actor.can("operator"):
        raise PermissionDenied()
    number = idnumber.parse(id_number).number
    person = people.find_by_id_number(session, number)
    if person is None:
        raise RuleViolation("未找到该身份证号码的党员", "id_number")
    ensure_in_scope(person, actor, "id_number")
    if person.stage not in MEMBER_STAGES or person.status not in ("normal", "flowing"):
        raise RuleViolation(f"{person.name}不是在册党员", "id_number")
    return person


def _past(value: date | None, field: str, label: str) -> date:
    if value is None:
        raise RuleViolation(f"请填写{label}", field)
    if value > clock.today():
        raise RuleViolation(f"{label}不能晚于今天", field)
    return value


def add_difficult(session, actor, id_number: str, kind: str, description: str,
                  since: date | None) -> DifficultMember:
    """Register a member in scope as a member in difficulty."""
    person = _member(session, actor, id_number)
    if kind not in DIFFICULTY_KIND:
        raise RuleViolation("请选择困难类型", "kind")
    text = (description or "").strip()
    if not text:
        raise RuleViolation("请填写困难情况", "description")
    since = _past(since, "since", "困难起始日期")
    active = session.execute(select(DifficultMember.id).where(
        DifficultMember.person_id == person.id, DifficultMember.status == "active")).first()
    if active:
        raise RuleViolation(f"{person.name}已登记为困难党员，如情况变化请先撤销原记录", "id_number")
    row = DifficultMember(person_id=person.id, kind=kind, description=text[:500], since=since,
                          status="active")
    session.add(row)
    session.commit()
    return row


def update_difficult(session, actor, row: DifficultMember, kind: str, description: str,
                     since: date | None) -> DifficultMember:
    """Correct the type, description or start of an active record."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(row, actor)
    if row.status != "active":
        raise RuleViolation("已撤销的记录不能修改")
    if kind not in DIFFICULTY_KIND:
        raise RuleViolation("请选择困难类型", "kind")
    if not (description or "").strip():
        raise RuleViolation("请填写困难情况", "description")
    row.kind, row.description = kind, description.strip()[:500]
    row.since = _past(since, "since", "困难起始日期")
    session.commit()
    return row


def revoke_difficult(session, actor, row: DifficultMember, revoked_on: date | None,
                     reason: str | None = None) -> DifficultMember:
    """Revoke (撤销) a record: dated, kept in the history."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(row, actor)
    if row.status != "active":
        raise RuleViolation("该困难党员记录已撤销")
    revoked_on = _past(revoked_on, "revoked_on", "撤销日期")
    if revoked_on < row.since:
        raise RuleViolation("撤销日期不能早于困难起始日期", "revoked_on")
    row.status, row.revoked_on = "revoked", revoked_on
    row.revoke_reason = (reason or "").strip()[:200] or None
    session.commit()
    return row


def add_assistance(session, actor, id_number: str, given_on: date | None, form: str,
                   amount, content: str, giver: str | None = None) -> Assistance:
    """Record an assistance visit or payment (慰问) to a member in scope."""
    person = _member(session, actor, id_number)
    given_on = _past(given_on, "given_on", "慰问日期")
    if form not in ASSIST_FORM:
        raise RuleViolation("请选择慰问形式", "form")
    value = None
    if amount not in (None, ""):
        try:
            value = Decimal(str(amount)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise RuleViolation("金额格式不正确", "amount") from None
        if value < 0 or value >= Decimal("10000000000"):
            raise RuleViolation("金额须为不小于0的数", "amount")
    if not (content or "").strip():
        raise RuleViolation("请填写慰问内容", "content")
    row = Assistance(person_id=person.id, given_on=given_on, form=form, amount=value,
                     content=content.strip()[:500], giver=(giver or "").strip()[:100] or None)
    session.add(row)
    session.commit()
    return row
