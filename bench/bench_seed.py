"""Time seed-demo on an empty database: migrate, seed, print wall and CPU time per phase.

    INSTANCE_PATH=/tmp/seedbench python bench/bench_seed.py --members 1000000
    DATABASE_URL=postgresql+psycopg://… python bench/bench_seed.py --members 1000000

The database must be empty (a fresh INSTANCE_PATH for SQLite, a new database for PostgreSQL).
Prints figures only; it asserts nothing about time.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask import g  # noqa: E402
from sqlalchemy import event  # noqa: E402

from admin_app import create_app  # noqa: E402
from admin_app.demo import seed as demo
from models import db  # noqa: E402


class Clock:
    """Wall and CPU seconds since the last lap."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, label: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        print(f"{label:<40}{wall - self.wall:>7.1f} s wall"
              f"{cpu - self.cpu:>7.1f} s CPU (this process)")
        self.wall, self.cpu = wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    from flask_migrate import upgrade

    app = create_app({"CAPTCHA": False})
    with app.app_context():
        print(f"engine: {db.engine.url.render_as_string(hide_password=True)}; "
              f"members: {args.members:,}; load average: {os.getloadavg()[0]:.1f}")
        clock = Clock()
        upgrade()
        clock.lap("db upgrade")
        index_time = []

        def before(conn, cursor, statement, *_):
            if statement.lstrip().upper().startswith("CREATE INDEX"):
                conn.info["ix_t"] = time.perf_counter()

        def after(conn, cursor, statement, *_):
            if "ix_t" in conn.info:
                index_time.append(time.perf_counter() - conn.info.pop("ix_t"))

        event.listen(db.engine, "before_cursor_execute", before)
        event.listen(db.engine, "after_cursor_execute", after)
        g.audit_actor = None
        result = demo.seed(db.session, args.members, args.seed, "demo12345")
        clock.lap(f"seed ({result['orgs']:,} orgs, {result['people']:,} people)")
        print(f"  of which rebuilding person indexes: {sum(index_time):.1f} s wall")


if __name__ == "__main__":
    main()
