"""Export jobs: a long list export written in the background, downloaded when ready."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow

OPEN_SQL = "status IN ('queued', 'running')"
JOB_STATUS = {"queued": "排队中", "running": "正在导出", "done": "已完成", "failed": "导出失败"}


class ExportJob(db.Model):
    """One export of a list as its owner saw it (the list's query string), in their scope."""

    __tablename__ = "export_job"
    __label__ = "导出任务"
    __labels__ = {"id": "编号", "user_id": "用户", "endpoint": "列表", "title": "导出内容",
                  "export_type": "格式", "args": "查询条件", "status": "状态",
                  "rows_expected": "预计行数", "rows_done": "已导出行数", "file_name": "文件",
                  "error": "失败原因", "created_at": "提交时间", "started_at": "开始时间",
                  "heartbeat_at": "最近进度时间", "finished_at": "完成时间"}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    endpoint: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    export_type: Mapped[str] = mapped_column(String(8))
    args: Mapped[str] = mapped_column(Text, default="")  # the list's query string
    status: Mapped[str] = mapped_column(String(16), default="queued")
    rows_expected: Mapped[int] = mapped_column(Integer, default=0)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_export_job_status_heartbeat_at", "status", "heartbeat_at"),
        Index("ix_export_job_user_id_created_at", "user_id", "created_at"),
        # One open job per user and list: a second export of it (or a burst) finds this one.
        Index("uq_export_job_open", "user_id", "endpoint", unique=True,
              sqlite_where=text(OPEN_SQL), postgresql_where=text(OPEN_SQL)),
    )
