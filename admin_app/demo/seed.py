"""seed-demo: a deterministic, realistic city written with bulk inserts.

A million people take about half a minute on two idle cores: rows are plain tuples drawn
with one `random()` per choice from precomputed tables; SQLite gets one `executemany` per
chunk with load-time PRAGMAs, PostgreSQL gets COPY; the person secondary indexes are dropped
for the load and rebuilt from the model's own definitions, all in the one transaction.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.schema import CreateIndex, DropIndex

from actions.development import deadlines
from actions.ids import sync_sequence
from actions.maintenance import refresh_statistics, vacuum_after_load
from actions.orgs import team as org_team
from actions.stats import tally
from actions.users import hash_password
from admin_app.demo import data as D
from admin_app.demo.extra import EXTRA_MODELS, Extras
from admin_app.demo.people import ROW_COLUMNS, TODAY, PersonMaker, _verify
from models import Organization, Person, User
from models.base import utcnow
from models.org import path_segment

ROOT_CODE = "001"
CITY = "江城市"
CHUNK = 50000
MAX_CHILDREN = 999  # an organisation code is the parent's code + 3 digits
# For the load only: no fsync, 256 MiB of page cache, and no per-row foreign-key probe (every
# org_id comes from the plan inserted just before).
SQLITE_LOAD_PRAGMAS = {"synchronous": 0, "cache_size": -262144, "foreign_keys": 0}


@dataclass
class Plan:
    orgs: list[dict] = field(default_factory=list)
    branches: list[tuple[dict, int, int]] = field(default_factory=list)  # (org, district, size)


def _org(plan: Plan, parent: dict | None, suffix: int, name: str, kind: str, approval=False) -> dict:
    if suffix > MAX_CHILDREN:
        raise RuntimeError(f"人数过多：{parent['name']} 的下级组织超过 {MAX_CHILDREN} 个")
    oid = len(plan.orgs) + 1
    org = {
        "id": oid, "parent_id": parent["id"] if parent else None,
        "path": (parent["path"] if parent else "") + path_segment(oid),
        "depth": parent["depth"] + 1 if parent else 0,
        "code": (parent["code"] if parent else "") + f"{suffix:03d}" if parent else ROOT_CODE,
        "name": name, "kind": kind, "requires_approval": approval, "status": "active",
        "unit_name": None, "founded_on": None, "created_at": utcnow(),
    }
    plan.orgs.append(org)
    return org


def plan_city(members: int, rng: random.Random) -> Plan:
    """Lay out districts, grassroots committees, general branches and branches of 20-50."""
    plan = Plan()
    root = _org(plan, None, 0, f"中共{CITY}委员会", "committee")
    names: set[str] = set()
    per_district = [members // len(D.DISTRICTS)] * len(D.DISTRICTS)
    per_district[0] += members - sum(per_district)
    for d, dname in enumerate(D.DISTRICTS):
        kind = "working_committee" if "开发区" in dname else "committee"
        suffix = "工作委员会" if kind == "working_committee" else "委员会"
        district = _org(plan, root, d + 1, f"中共{CITY}{dname}{suffix}", kind)
        left, c = per_district[d], 0
        while left > 0 or c == 0:
            c += 1
            unit = _unit_name(rng, dname, names)
            committee = _org(plan, district, c, f"中共{unit}委员会", "committee")
            left = _fill_committee(plan, rng, committee, unit, d, left)
    return plan


def _unit_name(rng, dname, names) -> str:
    while True:
        unit = f"{CITY}{dname}{rng.choice(D.UNIT_PREFIX)}{rng.choice(D.UNIT_KIND)}"
        if unit not in names:
            names.add(unit)
            return unit
        unit += str(len(names))
        if unit not in names:
            names.add(unit)
            return unit


def _fill_committee(plan, rng, committee, unit, district, left) -> int:
    """Add up to ~60 branches (some inside general branches) and return members still to place."""
    suffix, n_branches = 0, 0
    while left > 0 and n_branches < 60 and suffix < 990:
        suffix += 1
        if rng.random() < 0.25:
            gb = _org(plan, committee, suffix, f"中共{unit}第{suffix}总支部委员会", "general_branch")
            for b in range(1, rng.randint(3, 6) + 1):
                left = _branch(plan, rng, gb, b, f"{unit}第{suffix}总支第{b}", district, left)
                n_branches += 1
                if left <= 0:
                    break
        else:
            word = rng.choice(D.BRANCH_WORDS)
            left = _branch(plan, rng, committee, suffix, f"{unit}{word}第{suffix}", district, left)
            n_branches += 1
    return left


def _branch(plan, rng, parent, suffix, label, district, left) -> int:
    size = min(left, rng.randint(20, 50))
    org = _org(plan, parent, suffix, f"中共{label}支部委员会", "branch", approval=rng.random() < 0.15)
    plan.branches.append((org, district, max(size, 0)))
    return left - size


def seed(session, members: int = 2000, seed_value: int = 42, password: str = "demo12345",
         progress=None) -> dict:
    """Write the demo city into an empty database and return the demo logins."""
    if members < len(D.DISTRICTS):
        raise RuntimeError(f"演示数据至少需要 {len(D.DISTRICTS)} 人（每个区至少一人）")
    if session.execute(select(func.count()).select_from(Organization)).scalar():
        raise RuntimeError("数据库中已有党组织数据，seed-demo 只能在空库上运行")
    rng = random.Random(seed_value)
    plan = plan_city(members, rng)
    demo = _demo_orgs(plan)
    extras = Extras(seed_value, plan, TODAY, demo)
    conn = session.connection()
    raw = conn.connection.dbapi_connection
    # PRAGMAs are per connection: set before the first write, put back after the commit.
    old = {}
    if conn.dialect.name == "sqlite" and not raw.in_transaction:
        old = _sqlite_pragmas(conn, SQLITE_LOAD_PRAGMAS)
    try:
        written, last = _load(conn, plan, rng, progress, extras)
        logins = _demo_users(conn, demo, password)
        for model in (Organization, Person, *EXTRA_MODELS):
            sync_sequence(session, model)
        if old:  # SQLite refuses to change `synchronous` inside a transaction: commit first
            raw.commit()
            _sqlite_pragmas(conn, old)
    except BaseException:
        if old:
            conn.invalidate()  # never hand a connection with synchronous=OFF back to the pool
        session.rollback()
        raise
    session.commit()
    deadlines.refresh_all(session)
    session.commit()
    refresh_statistics(session.connection())
    session.commit()
    vacuum_after_load(session.get_bind(), ("person", "person_tally", "person_profile_tally",
                                           "person_dev_tally", "organization", "flow"))
    if progress and last:
        progress(last)
    return {"orgs": len(plan.orgs), "people": written, "users": logins}


def _load(conn, plan: Plan, rng: random.Random, progress, extras=None) -> tuple[int, int]:
    """Insert organisations and people in the open transaction; return (people, last chunk)."""
    conn.execute(insert(Organization.__table__), plan.orgs)
    pg = conn.dialect.name == "postgresql"
    if pg:  # fail rather than wait if another session holds the person table
        conn.execute(text("SET LOCAL lock_timeout = '30s'"))
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    indexes = _drop_person_indexes(conn)
    with tally.suspended(conn):  # both tallies: one count at the end, not triggers per row
        fixed = _fixed_columns(conn.dialect)
        # COPY needs every value in the row; SQLite gets the fixed ones as literals in the statement.
        people = PersonMaker(rng).rows(plan.branches, tuple(fixed.values()) if pg else ())
        write = _copy_people if pg else _insert_people
        written, last = 0, 0
        while chunk := list(islice(people, CHUNK)):
            for row in chunk[::997]:
                _verify(row)
            if extras is not None:
                chunk = extras.take(chunk)
            write(conn, fixed, chunk)
            written += len(chunk)
            if progress and last:
                progress(last)  # the last chunk is reported once the indexes are rebuilt
            last = len(chunk)
        for ix in indexes:
            conn.execute(CreateIndex(ix))
        if extras is not None:
            with org_team.loading(conn):  # one UPDATE of the current teams at the end
                extras.write(conn)
    return written, last


def _sqlite_pragmas(conn, values: dict) -> dict:
    """Set SQLite PRAGMAs and return their previous values."""
    old = {}
    for name, value in values.items():
        old[name] = conn.exec_driver_sql(f"PRAGMA {name}").scalar()
        conn.exec_driver_sql(f"PRAGMA {name} = {value}")
    return old


def _drop_person_indexes(conn) -> list:
    """Drop the person table's secondary indexes present in the database; return them."""
    existing = {ix["name"] for ix in inspect(conn).get_indexes(Person.__tablename__)}
    indexes = sorted((ix for ix in Person.__table__.indexes if ix.name in existing),
                     key=lambda ix: ix.name)
    for ix in indexes:
        conn.execute(DropIndex(ix))
    return indexes


def _fixed_columns(dialect) -> dict:
    """Return {column: value} for the person columns that are the same in every generated row."""
    fixed, now = {}, utcnow()
    for col in Person.__table__.columns:
        if col.name in ROW_COLUMNS:
            continue
        if col.name in ("created_at", "updated_at"):
            value = now
        elif col.default is not None and col.default.is_scalar:
            value = col.default.arg
        else:
            value = None
        if value is not None and dialect.name != "postgresql":  # as SQLAlchemy would store it
            proc = col.type.dialect_impl(dialect).bind_processor(dialect)
            value = proc(value) if proc else value
        fixed[col.name] = value
    return fixed


def _sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(int(value))
    return "'" + str(value).replace("'", "''") + "'"


def _insert_people(conn, fixed: dict, rows: list[tuple]) -> None:
    """Insert with one SQLite executemany; the fixed values are literals in the statement."""
    columns = ", ".join(ROW_COLUMNS + tuple(fixed))
    values = ", ".join(["?"] * len(ROW_COLUMNS) + [_sql_literal(v) for v in fixed.values()])
    conn.exec_driver_sql(f"INSERT INTO person ({columns}) VALUES ({values})", rows)


def _copy_people(conn, fixed: dict, rows: list[tuple]) -> None:
    """COPY into PostgreSQL; rows already end with the fixed values."""
    columns = ", ".join(ROW_COLUMNS + tuple(fixed))
    with conn.connection.driver_connection.cursor() as cur:
        with cur.copy(f"COPY person ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _demo_orgs(plan: Plan) -> dict:
    """The organisations of the demo logins; the demo branch needs its parent's approval."""
    d1_branches = [o for o, d, _ in plan.branches if d == 0]
    branch = next((o for o in d1_branches if o["requires_approval"]), d1_branches[0])
    branch["requires_approval"] = True  # before its people are drawn
    branch2 = next(o for o, d, _ in plan.branches if d == 1)
    return {"root": plan.orgs[0], "district": plan.orgs[1], "branch": branch, "branch2": branch2}


def _demo_users(conn, demo: dict, password: str) -> list[tuple[str, str, str]]:
    digest = hash_password(password)
    users = [("demo_city", demo["root"], "sysadmin"), ("demo_district", demo["district"], "admin"),
             ("demo_branch", demo["branch"], "admin"), ("demo_branch2", demo["branch2"], "admin")]
    conn.execute(insert(User.__table__), [
        {"username": u, "full_name": None, "password_hash": digest, "org_id": o["id"], "role": r,
         "active": True, "failed_logins": 0, "created_at": utcnow()} for u, o, r in users])
    return [(u, o["name"], r) for u, o, r in users]
