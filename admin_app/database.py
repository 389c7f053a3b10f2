"""Database set-up: engine options per dialect and SQLite pragmas."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

from actions.maintenance import optimize_on_start
from models import db


def engine_options(url: str) -> dict:
    # hide_parameters: a logged database error never carries the row's personal data.
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}, "hide_parameters": True}
    # pool_pre_ping: after a database restart the first request reconnects instead of failing.
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10, "hide_parameters": True}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_conn, _record):
    if type(dbapi_conn).__module__.startswith("sqlite3"):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()


def init_app(app) -> None:
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    db.init_app(app)
    if not app.config.get("TESTING"):
        with app.app_context():
            try:
                optimize_on_start(db.engine)
            except Exception:  # a database not created yet, or not reachable: the app still starts
                app.logger.warning("could not refresh SQLite planner statistics at start-up")
