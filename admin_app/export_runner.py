"""The background runner of each app process: a daemon thread that runs queued export jobs,
folds the kept tallies (people per subtree, the members' profile) and moves on the development
deadlines that have just passed.

Started by the first request a process serves (after gunicorn has forked its workers), so every
worker of every app server has one; `actions.export_jobs.claim` lets exactly one of them take
each job. A job runs as its owner: the list view's own query under a request context with the
owner logged in, so scope, filters and formats are those of the list the owner exported.
"""
from __future__ import annotations

import logging
import os
import secrets
import shutil
import threading
import time

from flask_login import login_user
from sqlalchemy import func, select

from actions import export_jobs, maintenance
from actions.development import deadlines
from actions.export import csv_stream, rows, xlsx_file
from actions.stats import tally
from models import ExportJob, User, db

log = logging.getLogger(__name__)
POLL_SECONDS = 2.0
EXPIRE_EVERY_SECONDS = 600
FOLD_EVERY_SECONDS = 60
DEADLINES_EVERY_SECONDS = 3600
EVERYONE_EVERY_SECONDS = 24 * 3600  # every developing person's deadline and lights again
STATISTICS_EVERY_SECONDS = 6 * 3600  # start-up has just done it (admin_app.database)
_started: dict[int, threading.Thread] = {}
_lock = threading.Lock()


def run_once(app) -> bool:
    """Claim and run one job; return whether there was one."""
    with app.app_context():
        job_id = export_jobs.claim(db.engine)
        if job_id is None:
            return False
        try:
            _run(app, job_id)
        except Exception:  # noqa: BLE001 - a broken job must not stop the runner
            log.exception("export job %s failed", job_id)
            db.session.rollback()
            export_jobs.fail(db.engine, job_id, "导出时发生系统错误，请重新导出或联系系统管理员")
        finally:
            db.session.remove()
    return True


def _view(app, endpoint: str):
    return next((v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint), None)


def _run(app, job_id: int) -> None:
    job = db.session.get(ExportJob, job_id)
    user = db.session.get(User, job.user_id)
    view = _view(app, job.endpoint)
    with app.test_request_context(f"{view.url}/?{job.args}" if view else "/"):
        if view is None or user is None or not user.active:
            export_jobs.fail(db.engine, job_id, "导出任务的列表或用户已不存在或已停用")
            return
        login_user(user)
        if not view.can_export or job.export_type not in view.export_types:
            export_jobs.fail(db.engine, job_id, "当前角色无权导出")
            return
        args = view._get_list_extra_args()
        stmt, headers, formatters, label = view.export_statement(args)
        total = db.session.execute(select(func.count()).select_from(stmt.order_by(None)
                                                                      .subquery())).scalar_one()
        export_jobs.expect(db.engine, job_id, total)
        name = f"{job_id}-{secrets.token_hex(8)}.{job.export_type}"
        path = os.path.join(export_jobs.folder(app.config["UPLOAD_DIR"]), name)
        counted = _Counted(rows(db.session, stmt), job_id)
        if job.export_type == "csv":
            with open(path, "w", encoding="utf-8", newline="") as out:
                for chunk in csv_stream(headers, counted, formatters):
                    out.write(chunk)
        else:
            handle, _n = xlsx_file(headers, counted, formatters, sheet=label)
            with handle, open(path, "wb") as out:
                shutil.copyfileobj(handle, out)
        db.session.rollback()  # end the read transaction before the job row is written
        export_jobs.finish(db.engine, job_id, counted.n, name)


class _Counted:
    """The rows of a job, reporting progress (and staying claimed) every PROGRESS_ROWS rows."""

    def __init__(self, data, job_id: int):
        self.data, self.job_id, self.n = data, job_id, 0

    def __iter__(self):
        for row in self.data:
            self.n += 1
            if self.n % export_jobs.PROGRESS_ROWS == 0:
                export_jobs.progress(db.engine, self.job_id, self.n)
            yield row


def upkeep(app, last: dict) -> None:
    """The periodic chores, each when its interval has passed since `last[name]`."""
    now = time.monotonic()
    with app.app_context():
        if now - last.get("expiry", -1e9) > EXPIRE_EVERY_SECONDS:
            export_jobs.remove_expired(db.engine, export_jobs.folder(app.config["UPLOAD_DIR"]),
                                       app.config["EXPORT_KEEP_HOURS"])
            last["expiry"] = now
        if now - last.get("fold", -1e9) > FOLD_EVERY_SECONDS:
            tally.fold_now(db.engine)
            last["fold"] = now
        if now - last.get("deadlines", -1e9) > DEADLINES_EVERY_SECONDS:
            try:
                deadlines.refresh_passed(db.session)
                db.session.commit()
            finally:
                db.session.remove()
            last["deadlines"] = now
        if now - last.setdefault("everyone", now) > EVERYONE_EVERY_SECONDS:
            try:
                deadlines.refresh_all(db.session)
                db.session.commit()
            finally:
                db.session.remove()
            last["everyone"] = now
        if now - last.setdefault("statistics", now) > STATISTICS_EVERY_SECONDS:
            maintenance.keep_statistics(db.engine)
            last["statistics"] = now


def _loop(app) -> None:
    last: dict = {}
    while True:
        try:
            upkeep(app, last)
            if not run_once(app):
                time.sleep(POLL_SECONDS)
        except Exception:  # noqa: BLE001 - e.g. the database restarting: try again later
            log.exception("export runner")
            time.sleep(POLL_SECONDS * 5)


def ensure_started(app) -> None:
    """Start this process's runner thread once (after a fork, the child starts its own)."""
    pid = os.getpid()
    if pid in _started:
        return
    with _lock:
        if pid not in _started:
            thread = threading.Thread(target=_loop, args=(app,), name="export-runner",
                                      daemon=True)
            thread.start()
            _started[pid] = thread


def init_app(app) -> None:
    if not app.config.get("EXPORT_RUNNER") or app.config.get("TESTING"):
        return

    @app.before_request
    def _start_runner():
        ensure_started(app)
