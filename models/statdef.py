"""Saved statistics table definitions (自定义统计表), kept per organisation."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import CString, OrgPathScoped, db, utcnow


class StatDefinition(db.Model, OrgPathScoped):
    __tablename__ = "stat_definition"
    __label__ = "统计表定义"
    __labels__ = {
        "id": "编号",
        "name": "统计表名称",
        "subject": "统计对象类别",
        "object": "查询对象",
        "row_dim": "纵向统计项",
        "col_dim": "横向统计项",
        "filters": "统计条件",
        "chart": "图表",
        "org_id": "所属党组织",
        "org_path": "组织路径",
        "created_by": "创建人",
        "created_at": "创建时间",
        "updated_at": "更新时间",
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(10), default="person")
    object: Mapped[str | None] = mapped_column(String(20))
    row_dim: Mapped[str] = mapped_column(String(20))
    col_dim: Mapped[str | None] = mapped_column(String(20))
    # JSON: {"base_org": id or null, "dims": {dim: [codes]}}
    filters: Mapped[str] = mapped_column(Text, default="{}")
    chart: Mapped[str] = mapped_column(String(10), default="bar")
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    org_path: Mapped[str] = mapped_column(CString(255), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("org_id", "name"),)


    def __str__(self) -> str:
        return self.name or ""
