"""Rule settings of the development checks, kept in the database and changed by a system administrator."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow


class DevRuleConfig(db.Model):
    """One row: the date from which the 2026 revision is in force and the local thresholds."""

    __tablename__ = "dev_rule_config"
    __label__ = "发展党员规则设置"
    __labels__ = {
        "id": "编号", "revision_2026_from": "2026年版细则施行日期",
        "notice_required": "公示制度（2014年版下的地方规定）", "notice_working_days": "公示工作日数",
        "report_months": "思想汇报频次（月）", "inspection_months": "考察间隔（月）",
        "activist_within_months": "申请后满几个月方可确定积极分子",
        "prereview_within_months": "支委会审查后几个月内完成预审",
        "meeting_after_prereview_months": "预审通过后几个月内召开支部大会",
        "conversion_meeting_within_months": "预备期满后几个月内讨论转正",
        "political_review_valid_months": "政审结论有效期（月）",
        "oath_within_months": "审批后几个月内宣誓",
        "updated_at": "修改时间", "updated_by_id": "修改人",
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_2026_from: Mapped[date | None] = mapped_column(Date)
    notice_required: Mapped[bool] = mapped_column(Boolean, default=True)
    notice_working_days: Mapped[int] = mapped_column(Integer, default=5)
    report_months: Mapped[int | None] = mapped_column(Integer)
    inspection_months: Mapped[int] = mapped_column(Integer, default=6)
    activist_within_months: Mapped[int | None] = mapped_column(Integer)
    prereview_within_months: Mapped[int | None] = mapped_column(Integer)
    meeting_after_prereview_months: Mapped[int | None] = mapped_column(Integer)
    conversion_meeting_within_months: Mapped[int | None] = mapped_column(Integer)
    political_review_valid_months: Mapped[int | None] = mapped_column(Integer)
    oath_within_months: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    def __str__(self) -> str:
        return "发展党员规则设置"


class CalendarDay(db.Model):
    """A local override of the State Council's calendar: an extra holiday or an extra working day."""

    __tablename__ = "calendar_day"
    __label__ = "节假日调整"
    __labels__ = {"id": "编号", "day": "日期", "kind": "类型", "note": "说明",
                  "created_by_id": "录入人", "created_at": "录入时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday / workday
    note: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __str__(self) -> str:
        return f"{self.day} {self.note or ''}".strip()
