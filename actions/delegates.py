"""Party delegates (党代表): entry by ID number, qualification changes, statistics in SQL."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from actions.errors import PermissionDenied, RuleViolation
from actions.members.records import _date, _text, member_by_id_number
from actions.scoping import ensure_in_scope
from models import Delegate
from models.codes import DELEGATE_CATEGORY, DELEGATE_LEVEL


def clean(values: dict) -> dict:
    """Validate a delegate's level, term, category, delegation and election date."""
    level = values.get("level")
    if level not in DELEGATE_LEVEL:
        raise RuleViolation("请选择党代表层级", "level")
    term = values.get("term")
    if not isinstance(term, int) or not 1 <= term <= 99:
        raise RuleViolation("请填写正确的届次（1-99）", "term")
    category = values.get("category") or None
    if category is not None and category not in DELEGATE_CATEGORY:
        raise RuleViolation("请选择党代表类别", "category")
    return {"level": level, "term": term, "category": category,
            "delegation": _text(values, "delegation", "所属团组", 100),
            "elected_on": _date(values, "elected_on", "当选日期", need=False)}


def _unique(session, person_id: int, data: dict, row_id: int | None) -> None:
    clash = session.execute(select(Delegate.id).where(
        Delegate.person_id == person_id, Delegate.level == data["level"],
        Delegate.term == data["term"], Delegate.id != (row_id or 0))).first()
    if clash:
        raise RuleViolation("该党员已是该层级该届次的党代表", "term")


def add_delegate(session, actor, id_number: str, values: dict) -> Delegate:
    """Register a member of the user's scope, found by ID number, as a delegate."""
    person = member_by_id_number(session, actor, id_number)
    data = clean(values)
    _unique(session, person.id, data, None)
    row = Delegate(person_id=person.id, status="active", created_by_id=actor.id, **data)
    session.add(row)
    session.commit()
    return row


def update_delegate(session, actor, row: Delegate, values: dict) -> Delegate:
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(row, actor)
    data = clean(values)
    _unique(session, row.person_id, data, row.id)
    for key, value in data.items():
        setattr(row, key, value)
    session.commit()
    return row


def change_qualification(session, actor, row: Delegate, status: str, on: date | None = None,
                         reason: str | None = None) -> Delegate:
    """资格管理: 终止 needs the date and the reason; 正常 restores and clears them."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(row, actor)
    if status == "terminated":
        on = _date({"on": on}, "on", "终止资格日期")
        reason = _text({"reason": reason}, "reason", "终止资格原因", 200, need=True)
        row.status, row.terminated_on, row.termination_reason = status, on, reason
    elif status == "active":
        row.status, row.terminated_on, row.termination_reason = status, None, None
    else:
        raise RuleViolation("请选择资格状况", "status")
    session.commit()
    return row
