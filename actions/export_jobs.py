"""Export jobs: create, claim (one worker wins, on any engine), report progress, finish, expire.

A list export above a size limit is not streamed in the request: it becomes a job row. Every
app process runs a small runner (`admin_app.export_runner`) that claims queued jobs with one
conditional UPDATE, so with several app servers on one database each job runs once. A job
whose runner stopped (an app-server restart) stops reporting progress and is claimed again
after STALE_SECONDS. Job rows are bookkeeping, written with Core statements outside the ORM
audit hook; the export itself and each download are audited as such.
"""
from __future__ import annotations

import os
from datetime import timedelta

from sqlalchemy import and_, delete, insert, or_, select, update

from models import ExportJob
from models.base import utcnow

STALE_SECONDS = 120  # a running job with no progress for this long is claimed again
PROGRESS_ROWS = 2000  # progress is written every this many rows


def folder(upload_dir: str) -> str:
    """Where the job files are kept: beside the uploads, shared by every app server."""
    path = os.path.join(upload_dir, "exports")
    os.makedirs(path, exist_ok=True)
    return path


def create(connection, user, endpoint: str, title: str, export_type: str, args: str,
           rows_expected: int) -> int:
    """Queue an export for `user`; return the job's id (the caller commits).

    A user has at most one open job per list (a unique index): while one is queued or
    running, another raises IntegrityError and the caller shows the open one.
    """
    return connection.execute(insert(ExportJob.__table__).values(
        user_id=user.id, endpoint=endpoint, title=title[:200], export_type=export_type,
        args=args, status="queued", rows_expected=rows_expected, rows_done=0,
        created_at=utcnow()).returning(ExportJob.__table__.c.id)).scalar_one()


def open_job(session, user, endpoint: str) -> int | None:
    """The user's queued or running job of this list, if any."""
    job = ExportJob
    return session.execute(select(job.id).where(job.user_id == user.id, job.endpoint == endpoint,
                                                job.status.in_(("queued", "running")))).scalar()


def _claimable(now):
    job = ExportJob.__table__.c
    stale = now - timedelta(seconds=STALE_SECONDS)
    return or_(job.status == "queued", and_(job.status == "running", job.heartbeat_at < stale))


def claim(engine) -> int | None:
    """Take the oldest job waiting (or abandoned by a stopped runner); None if there is none.

    The UPDATE repeats the condition, so of several runners taking the same job one changes
    the row and the others change nothing and look further.
    """
    job = ExportJob.__table__.c
    now = utcnow()
    with engine.begin() as conn:
        candidates = conn.execute(select(job.id).where(_claimable(now))
                                  .order_by(job.id).limit(5)).scalars().all()
    for job_id in candidates:
        with engine.begin() as conn:
            taken = conn.execute(update(ExportJob.__table__)
                                 .where(job.id == job_id, _claimable(now))
                                 .values(status="running", started_at=now, heartbeat_at=now,
                                         rows_done=0, error=None)).rowcount
        if taken == 1:
            return job_id
    return None


def _set(engine, job_id: int, **values) -> None:
    """Write the job row in its own short transaction (the export's read stays open)."""
    with engine.begin() as conn:
        conn.execute(update(ExportJob.__table__).where(ExportJob.__table__.c.id == job_id)
                     .values(**values))


def expect(engine, job_id: int, rows: int) -> None:
    """Record how many rows the job will write (counted when it starts)."""
    _set(engine, job_id, rows_expected=rows)


def progress(engine, job_id: int, rows_done: int) -> None:
    _set(engine, job_id, rows_done=rows_done, heartbeat_at=utcnow())


def finish(engine, job_id: int, rows_done: int, file_name: str) -> None:
    now = utcnow()
    _set(engine, job_id, status="done", rows_done=rows_done, file_name=file_name,
         heartbeat_at=now, finished_at=now)


def fail(engine, job_id: int, message: str) -> None:
    now = utcnow()
    _set(engine, job_id, status="failed", error=message[:500], heartbeat_at=now,
         finished_at=now)


def of_user(session, user, limit: int = 20) -> list[ExportJob]:
    return session.execute(select(ExportJob).where(ExportJob.user_id == user.id)
                           .order_by(ExportJob.id.desc()).limit(limit)).scalars().all()


def owned(session, user, job_id: int) -> ExportJob | None:
    """The job if it is this user's own (nobody else's export is visible, whatever the role)."""
    job = session.get(ExportJob, job_id)
    return job if job is not None and job.user_id == user.id else None


def remove_expired(engine, folder: str, keep_hours: int) -> int:
    """Delete jobs finished more than `keep_hours` ago and their files; return how many."""
    job = ExportJob.__table__.c
    limit = utcnow() - timedelta(hours=keep_hours)
    with engine.begin() as conn:
        old = conn.execute(select(job.id, job.file_name)
                           .where(job.status.in_(("done", "failed")), job.finished_at < limit)
                           ).all()
        for _id, name in old:
            if name:
                try:
                    os.unlink(os.path.join(folder, name))
                except FileNotFoundError:
                    pass
        if old:
            conn.execute(delete(ExportJob.__table__).where(job.id.in_([i for i, _n in old])))
    return len(old)
