"""Login attempt counters that hold under concurrency.

Every attempt is counted *before* the password is checked, in one atomic UPDATE that also
sets the lock when the limit is reached. However many requests arrive at once, at most
`limit` of them get an attempt number; the others see the lock without any password check.
Works the same on SQLite and PostgreSQL (no read-modify-write in Python).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, update

from models.base import utcnow


def claim_attempt(session, model, pk: int, limit: int, lock_minutes: int,
                  now: datetime | None = None, org_path: str | None = None) -> int | None:
    """Count one login attempt on row `pk` of `model` (failed_logins, locked_until).

    Return the attempt's number (1..limit), or None when the account is locked. The attempt
    that reaches `limit` locks the account in the same statement. Commits.
    """
    now = now or utcnow()
    failed = func.coalesce(model.failed_logins, 0)
    expired = and_(model.locked_until.isnot(None), model.locked_until <= now)
    free = model.locked_until.is_(None)
    current = case((expired, 0), else_=failed)
    stmt = (update(model)
            .where(model.id == pk, or_(expired, and_(free, failed < limit)))
            .values(failed_logins=current + 1,
                    locked_until=case((current + 1 >= limit, now + timedelta(minutes=lock_minutes)),
                                      else_=None))
            .returning(model.failed_logins)
            .execution_options(synchronize_session=False, audit_summary="登录尝试计数", audit_org_path=org_path))
    number = session.execute(stmt).scalar_one_or_none()
    session.commit()
    return number


def succeeded(session, model, pk: int, now: datetime | None = None, org_path: str | None = None,
              **values) -> None:
    """The attempt was right: clear the counter and the lock. Commits."""
    session.execute(update(model).where(model.id == pk)
                    .values(failed_logins=0, locked_until=None, **values)
                    .execution_options(synchronize_session=False,
                                       audit_summary="登录成功：清除失败计数，记录登录时间",
                                       audit_org_path=org_path))
    session.commit()
