"""Time the 直管党员 list for demo_district against an unmodified Flask-Admin ModelView.

Run after `seed-demo --members 1000000` on the database that DATABASE_URL / INSTANCE_PATH
select, exactly as the app does:

    python bench/bench_member_list.py [--runs 30] [--explain]

Prints median and p90 server time per request (Flask test client, in process: routing,
login, queries and template rendering, no network) and the ratio plain / ours; lists the
SQL of one request of our first page and checks that none is a COUNT(*) over the whole
person table. It asserts nothing about time.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask_admin.contrib.sqla import ModelView  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from admin_app import create_app  # noqa: E402
from models import Organization, Person, User, db, path_bounds  # noqa: E402
from models.codes import MEMBER_STAGES  # noqa: E402

OURS = "/admin/direct_member/"
PLAIN = "/admin/plain_person/"


class PlainPersonView(ModelView):
    """Flask-Admin as shipped; only told which columns `?search=` looks in, like ours."""

    column_searchable_list = ["name", "id_number"]


def build_app():
    app = create_app({"WTF_CSRF_ENABLED": False, "CAPTCHA": False})
    admin = app.extensions["admin"][0]
    admin.add_view(PlainPersonView(Person, db, name="plain", endpoint="plain_person",
                                   url="/admin/plain_person"))
    return app


def login(app, username: str, password: str):
    client = app.test_client()
    resp = client.post("/login", data={"username": username, "password": password})
    if resp.status_code != 302:
        sys.exit(f"login as {username} failed ({resp.status_code}); run seed-demo first")
    return client


def sample_person(username: str) -> Person:
    """A direct member in the middle of the user's jurisdiction, to search for."""
    user = db.session.execute(select(User).where(User.username == username)).scalar_one()
    org = db.session.get(Organization, user.org_id)
    lo, hi = path_bounds(org.path)
    base = (select(Person).where(Person.org_path >= lo, Person.org_path < hi,
                                 Person.management == "direct", Person.status == "normal",
                                 Person.stage.in_(MEMBER_STAGES))
            .order_by(Person.org_path, Person.id))
    person = db.session.execute(base.offset(50000).limit(1)).scalar_one_or_none()
    return person or db.session.execute(base.limit(1)).scalar_one()


def timed(client, url: str, runs: int, warmup: int, expect: str | None) -> list[float]:
    for _ in range(warmup):
        check(client.get(url), url, expect)
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        resp = client.get(url)
        out.append((time.perf_counter() - t) * 1000)
        check(resp, url, expect)
    return out


def check(resp, url: str, expect: str | None) -> None:
    if resp.status_code != 200:
        sys.exit(f"GET {url} -> {resp.status_code}")
    if expect and expect not in resp.get_data(as_text=True):
        sys.exit(f"GET {url}: the page does not show {expect!r}")


def p90(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=10)[-1] if len(xs) >= 2 else xs[0]


def capture_sql(app, client, url: str) -> list[tuple[str, object]]:
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return statements


COUNT = re.compile(r"count\s*\(", re.I)
FROM_PERSON = re.compile(r"\bFROM\s+person\b", re.I)


def full_counts(statements) -> list[str]:
    """Statements that count person rows without a LIMIT inside (a COUNT(*) over the table)."""
    bad = []
    for sql, _ in statements:
        if COUNT.search(sql) and FROM_PERSON.search(sql):
            capped = re.search(r"FROM\s*\(\s*SELECT.*\bLIMIT\b", sql, re.I | re.S)
            if not capped:
                bad.append(sql)
    return bad


def explain(statements) -> None:
    """Print each SELECT's plan and its median time when run alone (execute and fetch)."""
    with db.engine.connect() as conn:
        pg = conn.dialect.name == "postgresql"
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if pg else "EXPLAIN QUERY PLAN "
        for sql, params in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            times = []
            for _ in range(5):
                t = time.perf_counter()
                conn.exec_driver_sql(sql, params or ()).fetchall()
                times.append((time.perf_counter() - t) * 1000)
            print(f"\n-- {statistics.median(times):.1f} ms alone:", one_line(sql, 300))
            for row in conn.exec_driver_sql(prefix + sql, params or ()):
                print("  ", row[-1] if not pg else row[0])


def one_line(sql: str, width: int) -> str:
    sql = " ".join(sql.split())
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20, help="timed requests per URL of ours")
    ap.add_argument("--plain-runs", type=int, default=5,
                    help="timed requests per URL of the plain view (slow: a full scan each)")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--user", default="demo_district")
    ap.add_argument("--password", default="demo12345")
    ap.add_argument("--explain", action="store_true", help="print the query plans of our pages")
    args = ap.parse_args()

    app = build_app()
    with app.app_context():
        engine = db.engine
        last = select(Person.id).order_by(Person.id.desc()).limit(1)
        n_people = db.session.execute(last).scalar() or 0
        person = sample_person(args.user)
        id_number, name = person.id_number, person.name
        db.session.remove()
    client = login(app, args.user, args.password)
    prefix, surname, id_prefix = name[:2], name[:1], id_number[:14]
    print(f"engine: {engine.dialect.name} ({engine.url.render_as_string(hide_password=True)})")
    print(f"people: ~{n_people:,} (highest id); user: {args.user}; runs: {args.runs} "
          f"after {args.warmup} warm-up")
    print(f"plain view: {args.plain_runs} runs after 1 warm-up")
    print(f"searched: ID {id_number} ({name}); name prefix {prefix}; surname {surname}; "
          f"ID prefix {id_prefix}\n")

    cases = [
        ("first page", OURS, PLAIN, None),
        ("ID-number search", f"{OURS}?search={id_number}", f"{PLAIN}?search={id_number}",
         name),
        ("name-prefix search", f"{OURS}?search={prefix}", f"{PLAIN}?search={prefix}", prefix),
        ("surname search", f"{OURS}?search={surname}", f"{PLAIN}?search={surname}", None),
        ("ID-prefix search", f"{OURS}?search={id_prefix}", f"{PLAIN}?search={id_prefix}",
         name),
    ]
    rows = []
    for label, ours_url, plain_url, expect in cases:
        ours = timed(client, ours_url, args.runs, args.warmup, expect)
        plain = timed(client, plain_url, args.plain_runs, 1, expect)
        rows.append((label, ours, plain))

    print(f"{'request':<22}{'ours median':>12}{'ours p90':>10}{'plain median':>14}"
          f"{'plain p90':>11}{'plain/ours':>12}")
    for label, ours, plain in rows:
        mo, mp = statistics.median(ours), statistics.median(plain)
        print(f"{label:<22}{mo:>10.1f}ms{p90(ours):>8.1f}ms{mp:>12.1f}ms{p90(plain):>9.1f}ms"
              f"{mp / mo:>11.1f}x")

    shown = [("ours, first page", OURS), ("plain, first page", PLAIN)]
    if args.explain:
        shown += [(f"ours, {label}", url) for label, url, _, _ in cases[1:]]
    for label, url in shown:
        statements = capture_sql(app, client, url)
        print(f"\nSQL of one request ({label}: {url}):")
        for sql, _ in statements:
            print("  ", one_line(sql, 160))
        bad = full_counts(statements)
        print(f"   => COUNT(*) over the whole person table: {len(bad) or 'none'}")
        if args.explain and url != PLAIN:
            with app.app_context():
                explain(statements)


if __name__ == "__main__":
    main()
