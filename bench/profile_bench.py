"""Time the home page's member profile (age bands and education) for the demo users.

On a seeded scratch instance: `INSTANCE_PATH=... [DATABASE_URL=...] python bench/profile_bench.py
[username ...]` (default demo_city, demo_district, demo_branch). Prints the first call and the
median of 5 more, in process; asserts nothing.
"""
from __future__ import annotations

import statistics
import sys
import time

from sqlalchemy import select

from actions import home_charts
from admin_app import create_app
from models import User, db


def timed(user) -> float:
    getattr(home_charts, "_cache", {}).clear()  # a per-process cache, where there is one
    db.session.expire_all()
    start = time.perf_counter()
    home_charts.member_profile(db.session, user)
    elapsed = time.perf_counter() - start
    db.session.rollback()
    return elapsed * 1000


def main(names: list[str]) -> None:
    app = create_app({"CAPTCHA": False})
    with app.app_context():
        print(f"engine {db.engine.dialect.name}")
        for name in names:
            user = db.session.execute(select(User).where(User.username == name)).scalar_one()
            path = user.org.path
            first = timed(user)
            median = statistics.median(timed(user) for _ in range(5))
            print(f"{name:<14} {path:<30} first {first:8.1f} ms   median of 5 {median:8.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:] or ["demo_city", "demo_district", "demo_branch"])
