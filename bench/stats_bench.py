"""Time the information summary and a two-dimension cross-table over the whole demo city.

Seed first (scratch instance): `flask --app admin_app seed-demo --members 1000000`, then
`INSTANCE_PATH=... [DATABASE_URL=...] python bench/stats_bench.py`. Prints figures, asserts nothing.
"""
from __future__ import annotations

import time

from sqlalchemy import func, select

from actions.stats import tables as statistics
from admin_app import create_app
from models import Organization, Person, User, db


def timed(label, fn, repeat=3):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<48} best of {repeat}: {best:6.3f} s  (total {result.total:,})")
    return result


def main() -> None:
    app = create_app({"CAPTCHA": False})
    with app.app_context():
        engine = db.engine.dialect.name
        people = db.session.execute(select(func.count()).select_from(Person)).scalar_one()
        root = db.session.execute(select(Organization).where(Organization.parent_id.is_(None))
                                  ).scalars().first()
        user = db.session.execute(select(User).where(User.org_id == root.id)).scalars().first()
        print(f"engine {engine}, {people:,} people, user {user.username} at {root.name}")
        S = statistics.Spec
        for dim in ("org", "sex", "age", "education", "party_age", "join_year"):
            timed(f"summary by {dim}", lambda d=dim: statistics.run(
                db.session, user, S(object="members", row=d)))
        timed("cross-table org x sex", lambda: statistics.run(
            db.session, user, S(object="members", row="org", col="sex")))
        timed("cross-table age x education", lambda: statistics.run(
            db.session, user, S(object="members", row="age", col="education")))
        timed("cross-table party_age x stage (filtered)", lambda: statistics.run(
            db.session, user, S(object="members", row="party_age", col="stage",
                                filters={"sex": ["2"]})))
        timed("org cross-table kind x size", lambda: statistics.run(
            db.session, user, S(subject="org", object=None, row="kind", col="size")))
    pages(app)


def pages(app) -> None:
    """The same through HTTP: the whole page, rendered with its chart."""
    from export_bench import login

    client = login(app)
    for url in ("/admin/stat_summary/?run=1&object=members&row=org",
                "/admin/stat_table/?run=1&object=members&row=age&col=education"):
        best = None
        for _ in range(3):
            start = time.perf_counter()
            resp = client.get(url)
            best = min(best or 1e9, time.perf_counter() - start)
        print(f"GET {url:<62} {resp.status_code} best of 3: {best:6.3f} s")


if __name__ == "__main__":
    main()
