"""Party-member volunteers (党员志愿者): registration by ID number and corrections."""
from __future__ import annotations

from sqlalchemy import select

from actions.errors import PermissionDenied, RuleViolation
from actions.members.records import _code, _date, _text, member_by_id_number
from actions.scoping import ensure_in_scope
from models import Volunteer
from models.codes import SERVICE_TIME, VOLUNTEER_CATEGORY


def clean(values: dict) -> dict:
    return {"category": _code(values, "category", "志愿者类别", VOLUNTEER_CATEGORY),
            "service_time": _code(values, "service_time", "服务时间", SERVICE_TIME),
            "intention": _text(values, "intention", "服务意向", 200, need=True),
            "skills": _text(values, "skills", "特长", 200),
            "phone": _text(values, "phone", "联系电话", 30),
            "registered_on": _date(values, "registered_on", "登记日期")}


def add_volunteer(session, actor, id_number: str, values: dict) -> Volunteer:
    """Register a member of the user's scope, found by ID number, as a volunteer."""
    person = member_by_id_number(session, actor, id_number)
    data = clean(values)
    if session.execute(select(Volunteer.id).where(Volunteer.person_id == person.id)).first():
        raise RuleViolation("该党员已登记为党员志愿者", "id_number")
    row = Volunteer(person_id=person.id, **data)
    session.add(row)
    session.commit()
    return row


def update_volunteer(session, actor, row: Volunteer, values: dict) -> Volunteer:
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(row, actor)
    for key, value in clean(values).items():
        setattr(row, key, value)
    session.commit()
    return row
