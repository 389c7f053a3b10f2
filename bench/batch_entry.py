"""Benchmark: batch entry of one activity record for 10,000 members (target < 3 s).

Run:  .venv/bin/python bench/batch_entry.py [members]
      BENCH_PG_SERVER=postgresql+psycopg://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/batch_entry.py
Prints figures; asserts nothing about time. The database is emptied first (one it makes itself: bench/scratch.py).
"""
from __future__ import annotations

import os
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.scratch import scratch_database  # noqa: E402


def main(n: int) -> None:
    with scratch_database() as url:
        run(n, url)


def run(n: int, url: str) -> None:
    from sqlalchemy import insert

    from actions import batch
    from actions.audit import set_provider
    from admin_app import create_app
    from models import Activity, AuditLog, Person, db
    from tests import factories as f

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "CAPTCHA": False})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        s = db.session
        root = f.make_org(s, None, "基准市委", "committee", suffix="900")
        district = f.make_org(s, root, "基准区委", "committee", suffix="001")
        other = f.make_org(s, root, "其他区委", "committee", suffix="002")
        branches = [f.make_org(s, district, f"基准支部{i}", suffix=f"{i:03d}") for i in range(100)]
        user = f.make_user(s, district, "bench_admin", "admin")
        set_provider(lambda: (user, "127.0.0.1"))
        t = time.perf_counter()
        rows = []
        for i in range(n):
            org = branches[i % len(branches)]
            number = f.id_number(date(1970 + i % 30, 1 + i % 12, 1 + i % 28), i % 2 == 0)
            rows.append(dict(id_number=number, name=f"成员{i}", name_initials="cy", sex="1",
                             birth_date=date(1980, 1, 1), stage="full", management="direct",
                             status="normal", org_id=org.id, org_path=org.path,
                             joined_on=date(2000, 1, 1), ethnicity="01"))
        rows += [dict(rows[0], id_number=f.id_number(), org_id=other.id, org_path=other.path)
                 for _ in range(n // 10)]  # people outside the user's scope
        s.execute(insert(Person), rows)
        s.commit()
        print(f"engine={db.engine.dialect.name} members in scope={n} outside={n // 10} "
              f"(loaded in {time.perf_counter() - t:.2f} s)")
        data = batch.clean("activity", {"title": "主题党日", "held_on": date(2024, 7, 1)})
        target = batch.Target(district.id)

        def timed(label, fn):
            t0 = time.perf_counter()
            out = fn()
            print(f"{label:<42} {time.perf_counter() - t0:7.3f} s   -> {out}")
            return out

        total = timed("count members without the record", lambda: batch.count(
            s, user, "activity", data, target, False))
        timed("first page (50) of them", lambda: len(batch.page(
            s, user, "activity", data, target, False, 1, 50)))
        timed("last page (50) of them", lambda: len(batch.page(
            s, user, "activity", data, target, False, total // 50, 50)))
        timed("ADD to all (confirmed count, ORM executemany)", lambda: batch.add(
            s, user, "activity", data, target, everyone=True, expected=total))
        timed("count members with the record", lambda: batch.count(
            s, user, "activity", data, target, True))
        ids = [p.id for p in batch.page(s, user, "activity", data, target, True, 1, 50)]
        timed("DELETE 50 chosen", lambda: batch.remove(s, user, "activity", data, target, ids))
        timed("ADD back 50 chosen", lambda: batch.add(s, user, "activity", data, target, ids))
        timed("DELETE all (confirmed)", lambda: batch.remove(
            s, user, "activity", data, target, everyone=True, expected=total))
        print("rows in activity:", s.query(Activity).count(),
              "| audit entries for activity:",
              s.query(AuditLog).filter_by(object_type="activity").count())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
