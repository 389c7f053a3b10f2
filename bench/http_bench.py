"""Time the pages users open, over HTTP against gunicorn, ours and the plain view interleaved.

    python -m bench.http_bench --instance-path DIR | --database-url URL [--runs 20]

Logged in through the login form as demo_city, demo_district and demo_branch, each page is
requested `--runs` times after two warm-up rounds; in every round each of our pages is followed
by the same page of the plain Flask-Admin view (bench/plain_app.py) where one exists. Prints one
table: median and p95 milliseconds as the client sees them (network, gunicorn, the app), and the
ratio plain / ours. Reads only; asserts nothing about time.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session as DbSession

from bench import client, report
from bench.live import Target, live_server
from bench.plain_app import URL as PLAIN

USERS = ("demo_city", "demo_district", "demo_branch")
PASSWORD = "demo12345"
OURS = "/admin/direct_member/"


@dataclass
class Sample:
    """What a benchmark needs to know of one user: who, and a direct member in scope."""

    username: str
    user_id: int
    generation: int
    id_number: str
    name: str
    person_id: int


@dataclass
class Case:
    user: str
    page: str
    ours: str
    plain: str | None
    expect: str | None = None


def sort_param(column: str) -> str:
    """Flask-Admin's ?sort= value: the column's position in column_list (same in both views)."""
    from views.members.lists import DirectMemberView

    return str(DirectMemberView.column_list.index(column))


def cases_for(s: Sample, read_only: bool = False) -> list[Case]:
    """The pages timed for one user, with the text each must show.

    A member's page records the view in the audit log, so a read-only run leaves it out.
    """
    idn, prefix = quote(s.id_number), quote(s.name[:2])
    birth, joined = sort_param("birth_date"), sort_param("joined_on")
    cases = [
        Case(s.username, "直管党员 first page", OURS, PLAIN, "直管党员"),
        Case(s.username, "ID-number search", f"{OURS}?search={idn}", f"{PLAIN}?search={idn}",
             s.id_number),
        Case(s.username, "name-prefix search", f"{OURS}?search={prefix}",
             f"{PLAIN}?search={prefix}", s.name[:2]),
        Case(s.username, "sorted by 出生日期", f"{OURS}?sort={birth}", f"{PLAIN}?sort={birth}"),
        Case(s.username, "sorted by 入党日期", f"{OURS}?sort={joined}", f"{PLAIN}?sort={joined}"),
        Case(s.username, "home page", "/admin/", None),
        Case(s.username, "organisation tree", "/admin/orgtree/", None),
        Case(s.username, "信息汇总 by organisation",
             "/admin/stat_summary/?run=1&object=members&row=org", None),
        Case(s.username, "cross-table age × education",
             "/admin/stat_table/?run=1&object=members&row=age&col=education", None),
        Case(s.username, "member details", f"/admin/member/?id={s.person_id}", None, s.name),
    ]
    return [c for c in cases if not (read_only and c.page == "member details")]


def people_in_scope(db: DbSession, username: str, limit: int = 1, offset: int = 1000):
    """(user, direct members in the user's subtree): from `offset` on, else from the start."""
    from actions.members import categories
    from models import Organization, Person, User, path_bounds

    user = db.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise SystemExit(f"no user {username}: seed the demo city first (see bench/README.md)")
    org = db.get(Organization, user.org_id)
    lo, hi = path_bounds(org.path)
    base = (select(Person).where(Person.org_path >= lo, Person.org_path < hi,
                                 categories.clause("direct"))
            .order_by(Person.org_path, Person.id))
    people = db.execute(base.offset(offset).limit(limit)).scalars().all()
    if len(people) < limit:
        people = db.execute(base.limit(limit)).scalars().all()
    if not people:
        raise SystemExit(f"{username} has no direct member to search for")
    return user, people


def samples(url: str, users=USERS, per_user: int = 1) -> dict[str, list[Sample]]:
    """Sample people per user, read from the database (a read-only URL is fine)."""
    engine = create_engine(url)
    out = {}
    try:
        with DbSession(engine) as db:
            for username in users:
                user, people = people_in_scope(db, username, per_user)
                out[username] = [Sample(username, user.id, user.session_generation or 0,
                                        p.id_number, p.name, p.id) for p in people]
    finally:
        engine.dispose()
    return out


def open_session(server, target: Target, s: Sample) -> client.Session:
    """Log in through the form; on a read-only database, a cookie signed like the server's."""
    if target.read_only:
        return client.minted_session(server.url, target.secret_key, s.user_id, s.generation)
    return client.login(server.url, s.username, PASSWORD)


def fetch(session: client.Session, url: str, expect: str | None) -> tuple[float, str | None]:
    """Time one request; return (ms, error or None)."""
    resp = session.get(url)
    if resp.status != 200:
        return resp.ms, f"GET {url} -> {resp.status}"
    if expect and expect not in resp.text:
        return resp.ms, f"GET {url}: the page does not show {expect!r}"
    return resp.ms, None


def run(server, target: Target, runs: int = 20, warmup: int = 2, users=USERS,
        out=sys.stdout) -> list[dict]:
    """Time every case of every user; return the rows of the table."""
    rows, errors = [], []
    picked = samples(target.url(), users)
    for username in users:
        s = picked[username][0]
        session = open_session(server, target, s)
        cases = cases_for(s, target.read_only)
        result = {c.page: {"user": username, "page": c.page, "ours": [],
                           "plain": [] if c.plain else None, "errors": 0} for c in cases}
        print(f"  {username}: ID {s.id_number[:6]}…, name prefix {s.name[:2]}, "
              f"{len(cases)} pages × {runs} runs", file=out, flush=True)
        for round_no in range(warmup + runs):
            for c in cases:
                for kind, url in (("ours", c.ours), ("plain", c.plain)):
                    if url is None:
                        continue
                    elapsed, error = fetch(session, url, c.expect)
                    if round_no < warmup:
                        continue
                    result[c.page][kind].append(elapsed)
                    if error:
                        result[c.page]["errors"] += 1
                        errors.append(error)
        session.close()
        rows += result.values()
    for error in sorted(set(errors))[:10]:
        print("  error:", error, file=out)
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_target_args(ap)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args(argv)
    target = target_from(args)
    with live_server(target, args.workers, args.threads) as server:
        rows = run(server, target, args.runs)
    print(report.table(f"{target.engine_name()}: ms per request, {args.runs} runs", rows))


def add_target_args(ap: argparse.ArgumentParser) -> None:
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--database-url", help="e.g. postgresql+psycopg://postgres@host/db")
    where.add_argument("--instance-path", help="an instance folder holding party.db (SQLite)")
    ap.add_argument("--read-only", action="store_true",
                    help="open the database read-only (SQLite immutable, PostgreSQL read-only "
                         "transactions); sessions are signed instead of logged in")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)


def target_from(args) -> Target:
    return Target(database_url=args.database_url, instance_path=args.instance_path,
                  read_only=args.read_only)


if __name__ == "__main__":
    main()
