"""The rule settings in force, stored in the database and changed by a system administrator.

Every change is an ORM write, so the audit hooks log who changed what, when and from where.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from actions.development.settings import RuleSettings
from actions.errors import PermissionDenied, RuleViolation
from models import CalendarDay, DevRuleConfig

# field -> (label, minimum, maximum, optional)
THRESHOLDS = {
    "notice_working_days": ("公示工作日数", 1, 30, False),
    "inspection_months": ("考察间隔（月）", 1, 12, False),
    "report_months": ("思想汇报频次（每几个月一次）", 1, 12, True),
    "activist_within_months": ("申请入党满几个月方可确定为积极分子", 1, 24, True),
    "prereview_within_months": ("支委会审查后几个月内完成预审", 1, 12, True),
    "meeting_after_prereview_months": ("预审通过后几个月内召开支部大会", 1, 12, True),
    "conversion_meeting_within_months": ("预备期满后几个月内讨论转正", 1, 6, True),
    "political_review_valid_months": ("政审结论有效期（月）", 1, 36, True),
    "oath_within_months": ("审批后几个月内宣誓", 1, 12, True),
}
DAY_KINDS = {"holiday": "增加的节假日（不计工作日）", "workday": "增加的工作日（调休上班）"}


def _row(session) -> DevRuleConfig | None:
    return session.execute(select(DevRuleConfig).order_by(DevRuleConfig.id).limit(1)).scalar_one_or_none()


def load(session) -> RuleSettings:
    """Return the settings in force: the stored row (or the national defaults) and the calendar."""
    row = _row(session)
    days = session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    values = {}
    if row is not None:
        values = {name: getattr(row, name) for name in THRESHOLDS}
        values.update(revision_2026_from=row.revision_2026_from,
                      notice_required=bool(row.notice_required))
    return RuleSettings(
        **values,
        holidays=frozenset(d for d, k in days if k == "holiday"),
        workdays=frozenset(d for d, k in days if k == "workday"))


def current_values(session) -> dict:
    """The stored values for the settings form (defaults when nothing is stored yet)."""
    s = load(session)
    return {"revision_2026_from": s.revision_2026_from, "notice_required": s.notice_required,
            **{name: getattr(s, name) for name in THRESHOLDS}}


def _guard(actor) -> None:
    if not actor.can("sysadmin"):
        raise PermissionDenied("只有系统管理员可以修改规则设置")


def _day(value, label: str, name: str, required: bool) -> date | None:
    if isinstance(value, date):
        return value
    value = (value or "").strip()
    if not value:
        if required:
            raise RuleViolation(f"请填写{label}", name)
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RuleViolation(f"{label}格式应为年-月-日", name) from None


def _number(value, name: str):
    label, lo, hi, optional = THRESHOLDS[name]
    text = "" if value is None else str(value).strip()
    if not text:
        if optional:
            return None
        raise RuleViolation(f"请填写{label}", name)
    try:
        n = int(text)
    except ValueError:
        raise RuleViolation(f"{label}应为整数", name) from None
    if not lo <= n <= hi:
        raise RuleViolation(f"{label}应在{lo}至{hi}之间", name)
    return n


def update(session, actor, values: dict) -> DevRuleConfig:
    """Store the revision date and thresholds; all fields are checked before anything is written."""
    _guard(actor)
    clean = {name: _number(values.get(name), name) for name in THRESHOLDS}
    clean["revision_2026_from"] = _day(values.get("revision_2026_from"), "2026年版细则施行日期",
                                       "revision_2026_from", False)
    clean["notice_required"] = str(values.get("notice_required") or "").lower() in (
        "1", "true", "on", "y", "yes")
    row = _row(session)
    if row is None:
        row = DevRuleConfig()
        session.add(row)
    for key, value in clean.items():
        setattr(row, key, value)
    row.updated_by_id = actor.id
    from actions.development import deadlines  # it reads the settings this module keeps

    deadlines.refresh_all(session)  # the deadlines under the new settings
    session.commit()
    return row


def add_day(session, actor, day, kind: str, note: str | None) -> CalendarDay:
    """Add an extra holiday or an extra working day to the calendar, with a note."""
    _guard(actor)
    on = _day(day, "日期", "day", True)
    if kind not in DAY_KINDS:
        raise RuleViolation("请选择调整类型", "kind")
    note = (note or "").strip()
    if not note:
        raise RuleViolation("请填写说明（如：本地放假通知文号）", "note")
    if len(note) > 200:
        raise RuleViolation("说明不能超过200个字", "note")
    if session.execute(select(CalendarDay.id).where(CalendarDay.day == on)).first():
        raise RuleViolation(f"{on}已有调整，请先删除原调整", "day")
    row = CalendarDay(day=on, kind=kind, note=note, created_by_id=actor.id)
    session.add(row)
    session.commit()
    return row


def remove_day(session, actor, day_id: int) -> None:
    """Delete a calendar override (the audit log keeps it)."""
    _guard(actor)
    row = session.get(CalendarDay, day_id)
    if row is None:
        raise RuleViolation("该调整不存在")
    session.delete(row)
    session.commit()


def calendar(session) -> list[CalendarDay]:
    return session.execute(select(CalendarDay).order_by(CalendarDay.day)).scalars().all()
