"""Append-only audit log (操作记录)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import CString, OrgPathScoped, db, utcnow


class AuditLog(db.Model, OrgPathScoped):
    __tablename__ = "audit_log"
    __label__ = "操作记录"
    __labels__ = {
        "id": "编号",
        "at": "时间（北京时间）",
        "username": "操作用户",
        "user_id": "用户编号",
        "actor_org_id": "操作用户所属组织",
        "org_path": "对象所属组织",
        "ip": "IP 地址",
        "action": "操作",
        "object_type": "对象类型",
        "object_id": "对象编号",
        "person_id": "相关人员",
        "changes": "变更内容",
        "summary": "摘要",
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)  # UTC
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str | None] = mapped_column(String(50))
    actor_org_id: Mapped[int | None] = mapped_column(Integer)
    # The organisation the object belongs to (or the actor's, when the object has none).
    org_path: Mapped[str | None] = mapped_column(CString(255))
    ip: Mapped[str | None] = mapped_column(String(45))
    action: Mapped[str] = mapped_column(String(20))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[str | None] = mapped_column(String(50))
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)
    changes: Mapped[str | None] = mapped_column(Text)  # JSON
    summary: Mapped[str] = mapped_column(String(500))

    __table_args__ = (
        Index("ix_audit_log_org_path_at", "org_path", "at"),
        Index("ix_audit_log_at", "at"),
    )


    def __str__(self) -> str:
        return self.summary or ""
