"""Member records: add, edit and delete a person's activities, dues, evaluations, rewards, punishments.

These are working records: they may be corrected and deleted (the audit log keeps every change).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from actions import clock
from models import Activity, DuesPayment, Evaluation, Person, Punishment, Reward
from models.codes import EVALUATION_GRADE, MEMBER_STAGES, PUNISHMENT_KIND

from actions.members import dues
from actions.members import idnumber
from actions.errors import PermissionDenied, RuleViolation
from actions.members.people import find_by_id_number
from actions.scoping import ensure_in_scope

KINDS = {"activity": Activity, "dues": DuesPayment, "evaluation": Evaluation,
         "reward": Reward, "punishment": Punishment}


def _text(values: dict, key: str, label: str, max_len: int, need: bool = False) -> str | None:
    value = (values.get(key) or "").strip()
    if need and not value:
        raise RuleViolation(f"请填写{label}", key)
    if len(value) > max_len:
        raise RuleViolation(f"{label}不能超过{max_len}个字", key)
    return value or None


def _date(values: dict, key: str, label: str, need: bool = True) -> date | None:
    value = values.get(key)
    if value is None:
        if need:
            raise RuleViolation(f"请填写{label}", key)
        return None
    if not isinstance(value, date):
        raise RuleViolation(f"{label}格式不正确", key)
    if value > clock.today():
        raise RuleViolation(f"{label}不能晚于今天", key)
    if value.year < 1921:
        raise RuleViolation(f"{label}不正确", key)
    return value


def _code(values: dict, key: str, label: str, table: dict) -> str:
    value = values.get(key)
    if value not in table:
        raise RuleViolation(f"请选择{label}", key)
    return value


def clean(kind: str, values: dict) -> dict:
    """Validate what the operator typed for one record kind; return the column values."""
    out = {"content": _text(values, "content", "内容", 1000)}
    if kind == "activity":
        out.update(title=_text(values, "title", "活动名称", 100, need=True),
                   held_on=_date(values, "held_on", "活动日期"),
                   place=_text(values, "place", "活动地点", 100))
    elif kind == "dues":
        out.update(dues.settle(values), paid_on=_date(values, "paid_on", "交纳日期"))
    elif kind == "evaluation":
        year = values.get("year")
        if not isinstance(year, int) or not 1950 <= year <= clock.today().year:
            raise RuleViolation("请填写正确的评议年度", "year")
        out.update(year=year, evaluated_on=_date(values, "evaluated_on", "评议日期"),
                   grade=_code(values, "grade", "评议等次", EVALUATION_GRADE))
    elif kind == "reward":
        out.update(title=_text(values, "title", "奖励名称", 100, need=True),
                   awarded_on=_date(values, "awarded_on", "奖励日期"),
                   granted_by=_text(values, "granted_by", "批准机关", 100))
    elif kind == "punishment":
        out.update(kind=_code(values, "kind", "处分种类", PUNISHMENT_KIND),
                   punished_on=_date(values, "punished_on", "处分日期"),
                   reason=_text(values, "reason", "处分原因", 200, need=True),
                   granted_by=_text(values, "granted_by", "批准机关", 100))
    else:
        raise RuleViolation("未知的记录类型")
    return out


def member_in_scope(session, actor, person_id, field: str = "person") -> Person:
    """Load a member (预备 or 正式党员) of the user's jurisdiction, or refuse."""
    person = session.get(Person, person_id) if person_id else None
    if person is None:
        raise RuleViolation("请选择党员", field)
    ensure_in_scope(person, actor, field)
    if person.stage not in MEMBER_STAGES:
        raise RuleViolation("只能为党员录入该记录", field)
    return person


def member_by_id_number(session, actor, id_number: str, field: str = "id_number") -> Person:
    """Find a member of the user's jurisdiction by ID number (operators and above), or refuse."""
    if not actor.can("operator"):
        raise PermissionDenied()
    person = find_by_id_number(session, idnumber.parse(id_number, field).number)
    if person is None:
        raise RuleViolation("未找到该身份证号码的党员", field)
    return member_in_scope(session, actor, person.id, field)


def _check_unique(session, kind: str, person_id: int, values: dict, row_id: int | None) -> None:
    """One evaluation per year; a month of dues is paid once."""
    if kind == "evaluation":
        clash = session.execute(select(Evaluation.id).where(
            Evaluation.person_id == person_id, Evaluation.year == values["year"],
            Evaluation.id != (row_id or 0))).first()
        if clash:
            raise RuleViolation("该党员该年度已有民主评议记录", "year")
    elif kind == "dues":
        clash = session.execute(select(DuesPayment).where(
            DuesPayment.person_id == person_id, DuesPayment.id != (row_id or 0),
            DuesPayment.month_from <= values["month_to"],
            DuesPayment.month_to >= values["month_from"]).limit(1)).scalar_one_or_none()
        if clash:
            raise RuleViolation(f"所交月份与已有交纳记录（{clash}）重叠", "month_from")


def add_record(session, actor, kind: str, person_id: int | None, values: dict):
    """Add one record to a member of the user's jurisdiction."""
    if not actor.can("operator"):
        raise PermissionDenied()
    person = member_in_scope(session, actor, person_id)
    data = clean(kind, values)
    _check_unique(session, kind, person.id, data, None)
    row = KINDS[kind](person_id=person.id, created_by_id=actor.id, **data)
    session.add(row)
    session.commit()
    return row


def update_record(session, actor, row, values: dict):
    """Correct a record; the person it belongs to does not change."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(row, actor)
    kind = kind_of(row)
    data = clean(kind, values)
    _check_unique(session, kind, row.person_id, data, row.id)
    for key, value in data.items():
        setattr(row, key, value)
    session.commit()
    return row


def delete_record(session, actor, row) -> None:
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(row, actor)
    session.delete(row)
    session.commit()


def kind_of(row) -> str:
    return next(k for k, m in KINDS.items() if isinstance(row, m))


def records_of(session, kind: str, person_id: int) -> list:
    """A person's records of one kind, newest first (the member-page tab)."""
    model = KINDS[kind]
    order = {"activity": Activity.held_on, "dues": DuesPayment.month_to,
             "evaluation": Evaluation.year, "reward": Reward.awarded_on,
             "punishment": Punishment.punished_on}[kind]
    return list(session.execute(select(model).where(model.person_id == person_id)
                                .order_by(order.desc(), model.id.desc()).limit(500)).scalars())
