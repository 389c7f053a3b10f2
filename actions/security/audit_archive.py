"""Archiving the audit log: the only way entries ever leave it.

The log itself cannot be changed or deleted through the application (actions.audit refuses any
modified or deleted entry and any ORM UPDATE/DELETE on it). Entries older than the retention
period (AUDIT_RETENTION_DAYS, at least 180) may be moved to an archive file by
`flask --app admin_app audit-archive`: written out first, then removed.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import select

from actions.errors import PermissionDenied
from models import AuditLog
from models.base import utcnow

MIN_RETENTION_DAYS = 180


def archive(session, before: datetime, retention_days: int, out) -> int:
    """Write entries older than `before` to `out` (JSON lines) and remove them. Return the count.

    Refused when `before` lies within the retention period.
    """
    days = max(retention_days, MIN_RETENTION_DAYS)
    if before > utcnow() - timedelta(days=days):
        raise PermissionDenied(f"只能归档{days}天以前的操作记录")
    table = AuditLog.__table__
    n = 0
    for row in session.execute(select(table).where(table.c.at < before).order_by(table.c.id)):
        out.write(json.dumps({k: (v.isoformat() if hasattr(v, "isoformat") else v)
                              for k, v in row._mapping.items()}, ensure_ascii=False) + "\n")
        n += 1
    out.flush()
    # Core statement on the connection: deliberately outside the ORM guard of actions.audit.
    session.connection().execute(table.delete().where(table.c.at < before))
    session.commit()
    return n
