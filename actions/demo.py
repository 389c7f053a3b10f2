"""seed-demo: a deterministic, realistic city written with bulk inserts."""
from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from sqlalchemy import func, insert, select

from models import Organization, Person, User
from models.base import utcnow
from models.org import path_segment

from . import demo_data as D
from .idnumber import check_char
from .ids import sync_sequence
from .people import initials
from .users import hash_password

ROOT_CODE = "001"
CITY = "江城市"
TODAY = date(2026, 11, 1)  # fixed, so the same seed gives the same city on any day
CHUNK = 20000


@dataclass
class Plan:
    orgs: list[dict] = field(default_factory=list)
    branches: list[tuple[dict, int, int]] = field(default_factory=list)  # (org, district, size)


class Weighted:
    """Fast repeated weighted choice from (value, weight) pairs."""

    def __init__(self, pairs):
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum)[0]


def _org(plan: Plan, parent: dict | None, suffix: int, name: str, kind: str, approval=False) -> dict:
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


class PersonMaker:
    """Make people with valid ID numbers consistent with birth date and sex."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()
        self.surname = Weighted(D.SURNAMES)
        self.ethnicity = Weighted(D.ETHNICITY_WEIGHTS)
        self.category = Weighted(D.CATEGORY_WEIGHTS)
        self.education = {k: Weighted(v) for k, v in D.EDUCATION_BY_AGE.items()}

    def id_number(self, district: int, birth: date, male: bool) -> str:
        rng = self.rng
        region = f"43{rng.randint(1, 13):02d}{district + 2:02d}"
        while True:
            seq = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
            first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
            if first17 not in self.seen:
                self.seen.add(first17)
                return first17 + check_char(first17)
            birth += timedelta(days=1)

    def name(self, male: bool) -> str:
        rng = self.rng
        pool = D.GIVEN_MALE if male else D.GIVEN_FEMALE
        given = rng.choice(pool) if rng.random() < 0.35 else rng.choice(D.GIVEN_ANY + pool) + rng.choice(pool)
        return self.surname.pick(rng) + given

    def make(self, org: dict, district: int) -> dict:
        rng = self.rng
        roll = rng.random()
        stage = ("full" if roll < 0.87 else "probationary" if roll < 0.91 else
                 "target" if roll < 0.93 else "activist" if roll < 0.96 else "applicant")
        young = stage in ("applicant", "activist", "target")
        age = rng.randint(18, 35) if young else min(95, int(rng.triangular(20, 92, 45)))
        birth = TODAY - timedelta(days=age * 365 + rng.randint(0, 364))
        male = rng.random() < 0.7
        edu = next(w for limit, w in self.education.items() if age <= limit).pick(rng)
        p = {
            "id_number": self.id_number(district, birth, male), "name": self.name(male),
            "sex": "1" if male else "2", "birth_date": birth,
            "ethnicity": self.ethnicity.pick(rng), "native_place": f"湖南{rng.choice(D.DISTRICTS)}",
            "education": edu, "degree": None, "category": "04" if age >= 62 else self.category.pick(rng),
            "work_started_on": None, "job": None,
            "phone": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}", "address": None,
            "stage": stage, "management": "inflow" if rng.random() < 0.02 else "direct",
            "status": "normal", "org_id": org["id"], "org_path": org["path"],
            "applied_on": None, "activist_on": None, "target_on": None, "joined_on": None,
            "full_on": None, "lost_contact": False, "version": 1,
        }
        p["name_initials"] = initials(p["name"])
        adult = birth.replace(year=birth.year + 18) if not (birth.month == 2 and birth.day == 29) \
            else date(birth.year + 18, 3, 1)
        if stage in ("full", "probationary"):
            if stage == "probationary":
                joined = TODAY - timedelta(days=rng.randint(10, 360))
            else:
                span = max(1, (TODAY - adult).days - 400)
                joined = adult + timedelta(days=rng.randint(0, span))
                p["full_on"] = _add_year(joined)
            p["joined_on"] = joined
            p["applied_on"] = max(adult, joined - timedelta(days=rng.randint(700, 1400)))
        else:
            p["applied_on"] = TODAY - timedelta(days=rng.randint(30, 900))
            if stage in ("activist", "target"):
                p["activist_on"] = p["applied_on"] + timedelta(days=rng.randint(40, 200))
            if stage == "target":
                p["target_on"] = p["activist_on"] + timedelta(days=rng.randint(370, 500))
        if org["requires_approval"] and stage in ("full", "probationary") and rng.random() < 0.02:
            p["status"] = "pending"
        elif stage == "full" and rng.random() < 0.006:
            p["status"] = "flowing"
        return p


def _add_year(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return d.replace(year=d.year + 1, day=28)


def seed(session, members: int = 2000, seed_value: int = 42, password: str = "demo12345",
         progress=None) -> dict:
    """Write the demo city into an empty database and return the demo logins."""
    if session.execute(select(func.count()).select_from(Organization)).scalar():
        raise RuntimeError("数据库中已有党组织数据，seed-demo 只能在空库上运行")
    rng = random.Random(seed_value)
    plan = plan_city(members, rng)
    conn = session.connection()
    conn.execute(insert(Organization.__table__), plan.orgs)
    maker = PersonMaker(rng)
    pg = conn.dialect.name == "postgresql"
    buffer, pid = [], 0
    for org, district, size in plan.branches:
        for _ in range(size):
            pid += 1
            row = maker.make(org, district)
            row["id"] = pid
            buffer.append(row)
        if len(buffer) >= CHUNK:
            _write_people(conn, buffer, pg)
            if progress:
                progress(len(buffer))
            buffer = []
    if buffer:
        _write_people(conn, buffer, pg)
        if progress:
            progress(len(buffer))
    logins = _demo_users(conn, plan, password)
    sync_sequence(session, Organization)
    sync_sequence(session, Person)
    session.commit()
    return {"orgs": len(plan.orgs), "people": pid, "users": logins}


PERSON_COLUMNS = [c.name for c in Person.__table__.columns if c.name not in ("created_at", "updated_at")]


def _write_people(conn, rows: list[dict], pg: bool) -> None:
    now = utcnow()
    if pg:
        raw = conn.connection.driver_connection
        cols = PERSON_COLUMNS + ["created_at", "updated_at"]
        with raw.cursor() as cur:
            with cur.copy(f"COPY person ({', '.join(cols)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row([r[c] for c in PERSON_COLUMNS] + [now, now])
        return
    for r in rows:
        r["created_at"] = r["updated_at"] = now
    conn.execute(insert(Person.__table__), rows)


def _demo_users(conn, plan: Plan, password: str) -> list[tuple[str, str, str]]:
    by_id = {o["id"]: o for o in plan.orgs}
    root = plan.orgs[0]
    district1 = by_id[2]
    d1_branches = [o for o, d, _ in plan.branches if d == 0]
    branch = next((o for o in d1_branches if o["requires_approval"]), d1_branches[0])
    branch["requires_approval"] = True
    conn.execute(Organization.__table__.update().where(Organization.id == branch["id"])
                 .values(requires_approval=True))
    branch2 = next(o for o, d, _ in plan.branches if d == 1)
    digest = hash_password(password)
    users = [("demo_city", root, "sysadmin"), ("demo_district", district1, "admin"),
             ("demo_branch", branch, "admin"), ("demo_branch2", branch2, "admin")]
    conn.execute(insert(User.__table__), [
        {"username": u, "full_name": None, "password_hash": digest, "org_id": o["id"], "role": r,
         "active": True, "failed_logins": 0, "created_at": utcnow()} for u, o, r in users])
    return [(u, o["name"], r) for u, o, r in users]
