"""Benchmark: move a subtree of 200 organisations and 10,000 members under a new parent.

Prints the time of each move and the SQL statements it ran per table; asserts nothing about time.

    .venv/bin/python bench/reparent.py                      # SQLite in a temporary folder
    BENCH_PG_SERVER=postgresql+psycopg://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/reparent.py   # in a scratch database
"""
from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sqlalchemy import event, insert, select, text  # noqa: E402

from actions import clock
from bench.scratch import scratch_database  # noqa: E402

ORGS, MEMBERS, OUTSIDE = 200, 10_000, 5_000


def build(session):
    """Root → districts A, B; under A a committee with 9 general branches and 190 branches."""
    from actions.ids import sync_sequence
    from actions.members.idnumber import check_char
    from models import Organization, Person, User
    from models.base import utcnow
    from models.org import path_segment

    orgs = []

    def org(parent, suffix, name, kind):
        oid = len(orgs) + 1
        row = {"id": oid, "parent_id": parent["id"] if parent else None,
               "path": (parent["path"] if parent else "") + path_segment(oid),
               "depth": parent["depth"] + 1 if parent else 0,
               "code": (parent["code"] if parent else "") + f"{suffix:03d}", "name": name,
               "kind": kind, "requires_approval": False, "status": "active", "created_at": utcnow()}
        orgs.append(row)
        return row

    root = org(None, 1, "江城市委", "committee")
    a, b = org(root, 1, "甲区委", "committee"), org(root, 2, "乙区委", "committee")
    top = org(a, 1, "甲区某集团党委", "committee")
    generals = [org(top, i + 1, f"甲区某集团第{i + 1}党总支", "general_branch") for i in range(9)]
    branches = [org(generals[i % 9], i // 9 + 1, f"甲区某集团第{i + 1}支部", "branch")
                for i in range(ORGS - 10)]
    outside = [org(b, i + 1, f"乙区第{i + 1}支部", "branch") for i in range(50)]
    session.execute(insert(Organization.__table__), orgs)

    def people(targets, n, start):
        rows = []
        for i in range(n):
            o = targets[i % len(targets)]
            first17 = f"430102{1970 + i % 30:04d}0101{(start + i) % 1000:03d}"
            first17 = f"{430102 + (start + i) // 1000:06d}{first17[6:]}"
            rows.append({"id_number": first17 + check_char(first17), "name": f"党员{start + i}",
                         "sex": "1", "birth_date": date(1970 + i % 30, 1, 1), "ethnicity": "01",
                         "stage": "full", "management": "direct", "status": "normal",
                         "org_id": o["id"], "org_path": o["path"], "lost_contact": False,
                         "created_at": utcnow(), "updated_at": utcnow(), "version": 1})
        return rows

    session.execute(insert(Person.__table__), people([top] + generals + branches, MEMBERS, 0))
    session.execute(insert(Person.__table__), people(outside, OUTSIDE, MEMBERS))
    session.execute(insert(User.__table__), [{"username": "bench", "password_hash": "x", "org_id": root["id"],
                                    "role": "sysadmin", "active": True, "failed_logins": 0,
                                    "created_at": utcnow()}])
    for model in (Organization, Person, User):
        sync_sequence(session, model)
    session.commit()
    if session.get_bind().dialect.name == "postgresql":  # statistics, as a live database has
        with session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE organization, person"))
    return top["id"], a["id"], b["id"]


def main() -> None:
    with scratch_database() as url:
        measure(url)


def measure(url: str) -> None:
    from admin_app import create_app
    from models import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CAPTCHA": False})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        t0 = time.perf_counter()
        top_id, a_id, b_id = build(db.session)
        print(f"engine {db.engine.dialect.name}: built {ORGS} orgs + {MEMBERS} members in the "
              f"subtree (+{OUTSIDE} outside) in {time.perf_counter() - t0:.1f} s")
        run(db, top_id, [(b_id, "900"), (a_id, "001"), (b_id, "901")])


def run(db, top_id: int, targets: list[tuple[int, str]]) -> None:
    from actions import audit
    from actions.orgs import changes as org_changes
    from models import Organization, User

    actor = db.session.execute(select(User).where(User.username == "bench")).scalar_one()
    audit.set_provider(lambda: (actor, None))
    statements, spent = Counter(), Counter()
    verb = re.compile(r"^\s*(UPDATE|INSERT INTO|DELETE FROM)\s+\"?(\w+)", re.I)

    @event.listens_for(db.engine, "before_cursor_execute")
    def count(conn, cursor, statement, params, context, executemany):
        conn.info["bench_t0"] = time.perf_counter()

    @event.listens_for(db.engine, "after_cursor_execute")
    def timed(conn, cursor, statement, params, context, executemany):
        m = verb.match(statement)
        if m:
            key = f"{m.group(1).split()[0].upper()} {m.group(2)}"
            statements[key] += 1
            spent[key] += time.perf_counter() - conn.info.pop("bench_t0", time.perf_counter())

    for i, (target, suffix) in enumerate(targets, 1):
        statements.clear()
        spent.clear()
        org = db.session.get(Organization, top_id)
        t0 = time.perf_counter()
        moved = org_changes.move_org(db.session, actor, org, target, suffix, clock.today(), "基准测试")
        elapsed = time.perf_counter() - t0
        print(f"move {i}: {elapsed * 1000:.0f} ms  -> code {moved.code}; statements: "
              + ", ".join(f"{k} ×{v} ({spent[k] * 1000:.0f} ms)" for k, v in sorted(statements.items())))
    event.remove(db.engine, "before_cursor_execute", count)
    event.remove(db.engine, "after_cursor_execute", timed)


if __name__ == "__main__":
    main()
