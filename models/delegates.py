"""Party delegates (党代表) and party-member volunteers (党员志愿者)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import CString, PersonRecord, db, sort_index, utcnow


class Delegate(db.Model, PersonRecord):
    __tablename__ = "delegate"
    __label__ = "党代表"
    __labels__ = {"id": "编号", "person": "党员", "person_id": "党员", "level": "党代表层级",
                  "term": "届次", "category": "党代表类别", "delegation": "所属团组",
                  "elected_on": "当选日期", "status": "资格状况", "terminated_on": "终止资格日期",
                  "termination_reason": "终止资格原因", "batch_id": "批次号",
                  "created_by_id": "录入人", "created_at": "录入时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(1))
    term: Mapped[int] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(2))
    delegation: Mapped[str | None] = mapped_column(String(100))
    elected_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="active")
    terminated_on: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str | None] = mapped_column(String(200))
    batch_id: Mapped[str | None] = mapped_column(CString(32), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # A member is a delegate of one level in one term once.
    __table_args__ = (UniqueConstraint("person_id", "level", "term"),
                      Index("ix_delegate_level_term", "level", "term", "person_id", "id"))

    def __str__(self) -> str:
        return f"第{self.term}届党代表"


class Volunteer(db.Model, PersonRecord):
    __tablename__ = "volunteer"
    __label__ = "党员志愿者"
    __labels__ = {"id": "编号", "person": "党员", "person_id": "党员", "category": "志愿者类别",
                  "service_time": "服务时间", "intention": "服务意向", "skills": "特长",
                  "phone": "联系电话", "registered_on": "登记日期", "created_at": "录入时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(2), index=True)
    service_time: Mapped[str] = mapped_column(String(1))
    intention: Mapped[str] = mapped_column(String(200))
    skills: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    registered_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # A member registers as a volunteer once.
    __table_args__ = (UniqueConstraint("person_id"),
                      sort_index("volunteer", "registered_on", "person_id"))

    def __str__(self) -> str:
        return "党员志愿者"
