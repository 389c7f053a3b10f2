"""Benchmark: the home-page dues-arrears reminder and list over a large city (default 1,000,000).

Run:  .venv/bin/python bench/dues_arrears.py [members]
      BENCH_PG_SERVER=postgresql+psycopg://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/dues_arrears.py
Prints figures; asserts nothing about time. The database is emptied first (one it makes itself: bench/scratch.py).
"""
from __future__ import annotations

import os
import sys
import time
from datetime import date

from actions import clock

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.scratch import scratch_database  # noqa: E402

CHUNK = 50000


def main(n: int) -> None:
    with scratch_database() as url:
        run(n, url)


def run(n: int, url: str) -> None:
    from sqlalchemy import func, insert, select, text

    from actions.audit import set_provider
    from actions.ids import sync_sequence
    from actions.members import dues
    from admin_app import create_app
    from models import DuesPayment, Person, db
    from tests import factories as f

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "CAPTCHA": False})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        s = db.session
        root = f.make_org(s, None, "基准市委", "committee", suffix="900")
        districts = [f.make_org(s, root, f"基准区委{d}", "committee", suffix=f"{d:03d}") for d in range(10)]
        branches = [f.make_org(s, districts[b % 10], f"基准支部{b}", suffix=f"{b // 10:03d}")
                    for b in range(1000)]
        city_user = f.make_user(s, root, "bench_city", "admin")
        district_user = f.make_user(s, districts[0], "bench_district", "admin")
        branch_user = f.make_user(s, branches[0], "bench_branch", "admin")
        set_provider(lambda: (city_user, "127.0.0.1"))
        today = clock.today()
        recent, old = dues.add_months(today.replace(day=1), -1), dues.add_months(today.replace(day=1), -12)
        t = time.perf_counter()
        for start in range(0, n, CHUNK):
            people, payments = [], []
            for i in range(start, min(n, start + CHUNK)):
                org = branches[i % 1000]
                people.append(dict(id=i + 1, id_number=f"B{i:017d}", name=f"成员{i}", sex="1",
                                   birth_date=date(1980, 1, 1), stage="full", management="direct",
                                   status="normal", org_id=org.id, org_path=org.path,
                                   joined_on=date(2000, 1, 1), ethnicity="01"))
                r = (i // 1000) % 20  # independent of the branch (i % 1000)
                if r:  # 5 % never paid; of the rest one in five stopped a year ago
                    month = old if r % 5 == 0 else recent
                    payments.append(dict(person_id=i + 1, paid_on=month, month_from=month,
                                         month_to=month, monthly_amount=1, amount=1))
            s.execute(insert(Person), people)
            s.execute(insert(DuesPayment), payments)
            s.commit()
        sync_sequence(s, Person)
        s.commit()
        s.execute(text("ANALYZE"))
        s.commit()
        print(f"engine={db.engine.dialect.name} members={n} dues rows="
              f"{s.execute(select(func.count()).select_from(DuesPayment)).scalar()} "
              f"(loaded in {time.perf_counter() - t:.1f} s)")

        for label, user in (("city (all)", city_user), ("district (1/10)", district_user),
                            ("branch (1/1000)", branch_user)):
            for cap in (10000, 10 ** 9):
                t0 = time.perf_counter()
                count = dues.arrears_count(s, user, today, cap=cap)
                shown = f"{count}" if count <= cap else f"{cap}+"
                print(f"arrears count {label:<16} cap={cap:<10} {time.perf_counter() - t0:7.3f} s -> {shown}")
        from actions.scoping import scope

        t0 = time.perf_counter()
        page = s.execute(scope(select(Person), city_user, Person).where(
            dues.arrears_condition(today)).order_by(Person.org_path, Person.id).limit(20)).scalars().all()
        print(f"arrears list first page (20)              {time.perf_counter() - t0:7.3f} s -> {len(page)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
