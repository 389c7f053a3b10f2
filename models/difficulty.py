"""Members in difficulty (困难党员) and the assistance (慰问) they receive."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import PersonRecord, db, sort_index, utcnow


class DifficultMember(db.Model, PersonRecord):
    __tablename__ = "difficult_member"
    __label__ = "困难党员"
    __labels__ = {"person": "党员", "person_id": "党员", "kind": "困难类型", "description": "困难情况",
                  "since": "困难起始日期", "status": "状态", "revoked_on": "撤销日期",
                  "revoke_reason": "撤销原因", "created_at": "登记时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(2), index=True)
    description: Mapped[str] = mapped_column(String(500))
    since: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)
    revoked_on: Mapped[date | None] = mapped_column(Date)
    revoke_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (sort_index("difficult_member", "since", "person_id"),)

    def __str__(self) -> str:
        return f"{self.person.name if self.person else ''}（困难党员）"


class Assistance(db.Model, PersonRecord):
    __tablename__ = "assistance"
    __label__ = "慰问记录"
    __labels__ = {"person": "党员", "person_id": "党员", "given_on": "慰问日期", "form": "慰问形式",
                  "amount": "金额（元）", "content": "慰问内容", "giver": "慰问单位或个人",
                  "created_at": "登记时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    given_on: Mapped[date] = mapped_column(Date)
    form: Mapped[str] = mapped_column(String(1))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    content: Mapped[str] = mapped_column(String(500))
    giver: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (sort_index("assistance", "given_on", "person_id"),)

    def __str__(self) -> str:
        return f"{self.person.name if self.person else ''} {self.given_on}"
