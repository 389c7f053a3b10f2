"""Append-only audit log (操作记录), guarded by the database itself.

Triggers refuse every UPDATE, DELETE and (PostgreSQL) TRUNCATE of audit_log rows, whoever sends
it. The one exception is the archive action (actions.security.audit_archive): inside its own
transaction it writes a permit row to audit_archive_permit, deletes, and removes the permit
again before committing. A permit lets a row go only if it is older than the permit's date and
older than its retention period, never fewer than 180 days, checked by the trigger itself.
The migration 0012 creates the same triggers (a frozen copy of GUARD_DDL).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, DateTime, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from models.base import CString, OrgPathScoped, db, sort_index, utcnow


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
        sort_index("audit_log", "at", "org_path"),
    )


    def __str__(self) -> str:
        return self.summary or ""


class AuditArchivePermit(db.Model):
    """Written and removed inside the archive transaction only; never committed with a row."""

    __tablename__ = "audit_archive_permit"
    __label__ = "操作记录归档许可"
    __labels__ = {"id": "编号", "before": "归档截止时间", "retention_days": "保存天数"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    before: Mapped[datetime] = mapped_column(DateTime)  # UTC
    retention_days: Mapped[int] = mapped_column(Integer)


MIN_RETENTION_DAYS = 180

_REFUSED = "audit_log is append-only: "
# Per dialect, the statements that make audit_log append-only (after the table is created).
GUARD_DDL = {
    "postgresql": [
        f"""
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM audit_archive_permit p
                   WHERE OLD.at < p.before
                     AND OLD.at < (now() AT TIME ZONE 'UTC')
                                  - make_interval(days => GREATEST(p.retention_days,
                                                                   {MIN_RETENTION_DAYS}))) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION USING MESSAGE = '{_REFUSED}' || TG_OP || ' refused',
                          ERRCODE = 'insufficient_privilege';
END
$$""",
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_guard()",
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard()",
    ],
    "sqlite": [
        f"""
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '{_REFUSED}UPDATE refused');
END""",
        f"""
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_archive_permit p
                 WHERE OLD.at < p.before
                   AND OLD.at < datetime('now', '-' || max(p.retention_days,
                                                           {MIN_RETENTION_DAYS}) || ' days'))
BEGIN
    SELECT RAISE(ABORT, '{_REFUSED}DELETE refused');
END""",
    ],
}

for _dialect, _statements in GUARD_DDL.items():
    for _statement in _statements:
        event.listen(AuditLog.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
