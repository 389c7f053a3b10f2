"""Time the member screens of issue 4 on a demo city: prints figures, asserts nothing.

Usage: [BENCH_PG_SERVER=...] .venv/bin/python bench/bench_members.py [members]   (in a scratch database it makes: bench/scratch.py)
"""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sqlalchemy import select, text

from bench.scratch import scratch_database  # noqa: E402

MEMBERS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000


def main() -> None:
    with scratch_database() as url:
        run(url)


def run(url: str) -> None:
    from admin_app import create_app
    from models import Person, db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CAPTCHA": False,
                      "WTF_CSRF_ENABLED": False, "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        from admin_app.demo import seed as demo

        t = time.perf_counter()
        demo.seed(db.session, MEMBERS, 42, "demo12345")
        print(f"seed {MEMBERS} people: {time.perf_counter() - t:.1f}s ({db.engine.dialect.name})")
        with db.engine.begin() as conn:  # fresh planner statistics, as autovacuum would give
            conn.execute(text("ANALYZE"))
        sample = db.session.execute(select(Person).where(Person.stage == "full").limit(1)).scalar_one()
        number, initials = sample.id_number, sample.name_initials
    client = app.test_client()
    client.post("/login", data={"username": "demo_city", "password": "demo12345"})
    pages = {
        "home (reminders)": "/admin/",
        "待审批党员": "/admin/pending_member/",
        "直管党员": "/admin/direct_member/",
        "信息查询 by ID": f"/admin/member_query/?search={number}",
        "信息查询 by initials": f"/admin/member_query/?search={initials}",
        "关系转出记录": "/admin/transfer_out/",
        "流入党员接收": "/admin/inflow_reception/",
    }
    for label, url in pages.items():
        client.get(url)  # warm up
        t = time.perf_counter()
        n = 5
        for _ in range(n):
            status = client.get(url).status_code
        print(f"{label:<24} {status} {(time.perf_counter() - t) / n * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
