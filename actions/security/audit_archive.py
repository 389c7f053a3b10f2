"""Archiving the audit log: the only way entries ever leave it.

The log itself cannot be changed or deleted through the application (actions.audit refuses any
modified or deleted entry and any ORM UPDATE/DELETE on it) nor in the database (triggers, see
models.audit). Entries older than the retention period (AUDIT_RETENTION_DAYS, at least 180) may
be moved to an archive file by `flask --app admin_app audit-archive`: written out first, then
removed under a permit that exists only inside this transaction.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select

from actions import audit
from actions.errors import PermissionDenied
from models import AuditArchivePermit, AuditLog
from models.audit import MIN_RETENTION_DAYS
from models.base import utcnow

__all__ = ["MIN_RETENTION_DAYS", "archive"]


def archive(session, before: datetime, retention_days: int, out) -> int:
    """Write entries older than `before` to `out` (JSON lines) and remove them. Return the count.

    Refused when `before` lies within the retention period.
    """
    days = max(retention_days, MIN_RETENTION_DAYS)
    if before > utcnow() - timedelta(days=days):
        raise PermissionDenied(f"只能归档{days}天以前的操作记录")
    table, permit = AuditLog.__table__, AuditArchivePermit.__table__
    # Core statements on the connection: deliberately outside the ORM guard of actions.audit.
    # The database's triggers let a row go only under the permit, which never outlives this
    # transaction and never covers entries younger than the retention period. Taken first, the
    # permit (one row, one key) also makes two archives at once run one after the other, so no
    # entry is written to two archive files.
    conn = session.connection()
    conn.execute(delete(permit))
    conn.execute(insert(permit), [{"id": 1, "before": before, "retention_days": days}])
    n = 0
    for row in conn.execute(select(table).where(table.c.at < before).order_by(table.c.id)):
        out.write(json.dumps({k: (v.isoformat() if hasattr(v, "isoformat") else v)
                              for k, v in row._mapping.items()}, ensure_ascii=False) + "\n")
        n += 1
    out.flush()
    conn.execute(table.delete().where(table.c.at < before))
    conn.execute(delete(permit))
    audit.record(session, "bulk_delete", "audit_log", f"归档操作记录{n}条（{before:%Y-%m-%d}以前）",
                 None, {"before": before.isoformat(), "count": n})
    session.commit()
    return n
