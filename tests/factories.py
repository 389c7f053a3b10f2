"""Factories for tests: organisations, people with valid ID numbers, users, any scoped row."""
from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, String, Text, inspect

from actions import clock
from actions.ids import reserve_id
from actions.members.idnumber import check_char
from actions.members.people import initials
from actions.users import hash_password
from models import AuditLog, Organization, Person, PersonRecord, Scoped, User
from models.org import path_segment

PASSWORD = "pass1234"
_seq = itertools.count(1)
_HASH = {}


def id_number(birth: date = date(1980, 5, 17), male: bool = True, region: str = "430102") -> str:
    """Return a valid, unique 18-character ID number."""
    n = next(_seq)
    seq = (n * 2 + (1 if male else 0)) % 1000
    if (seq % 2 == 1) != male:
        seq = (seq + 1) % 1000
    region = f"{int(region) + n // 500:06d}"
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def make_org(session, parent: Organization | None, name: str | None = None, kind: str = "branch",
             suffix: str | None = None, requires_approval: bool = False, commit=True) -> Organization:
    oid = reserve_id(session, Organization)
    suffix = suffix or f"{oid % 1000:03d}"
    org = Organization(
        id=oid, parent_id=parent.id if parent else None,
        path=(parent.path if parent else "") + path_segment(oid),
        depth=parent.depth + 1 if parent else 0,
        code=(parent.code if parent else "") + suffix,
        name=name or f"测试党组织{oid}", kind=kind, requires_approval=requires_approval,
        status="active",
    )
    session.add(org)
    if commit:
        session.commit()
    else:
        session.flush()
    return org


def make_person(session, org: Organization, name: str = "张三", stage: str = "full",
                commit=True, **values) -> Person:
    birth = values.pop("birth_date", date(1980, 5, 17))
    male = values.pop("male", True)
    number = values.pop("id_number", None) or id_number(birth, male)
    defaults = dict(
        sex="1" if int(number[16]) % 2 else "2", birth_date=birth, ethnicity="01",
        management="direct", status="normal",
        joined_on=date(2010, 7, 1) if stage in ("probationary", "full") else None,
        full_on=date(2011, 7, 1) if stage == "full" else None,
    )
    defaults.update(values)
    person = Person(id_number=number, name=name, name_initials=initials(name), stage=stage,
                    org_id=org.id, org_path=org.path, **defaults)
    session.add(person)
    if commit:
        session.commit()
    else:
        session.flush()
    return person


def make_user(session, org: Organization, username: str, role: str = "admin",
              password: str = PASSWORD) -> User:
    if password not in _HASH:  # scrypt is slow on purpose; hash each test password once
        _HASH[password] = hash_password(password)
    user = User(username=username, password_hash=_HASH[password], org_id=org.id, role=role,
                active=True, failed_logins=0)
    session.add(user)
    session.commit()
    return user


def standard_city(session) -> SimpleNamespace:
    """city → district A → committee A1 → branches A1a, A1b; city → district B → branch B1."""
    c = SimpleNamespace()
    c.root = make_org(session, None, "中共测试市委员会", "committee", suffix="900")
    c.district_a = make_org(session, c.root, "中共测试市甲区委员会", "committee", suffix="001")
    c.district_b = make_org(session, c.root, "中共测试市乙区委员会", "committee", suffix="002")
    c.committee_a1 = make_org(session, c.district_a, "中共甲区第一医院委员会", "committee", suffix="001")
    c.branch_a1a = make_org(session, c.committee_a1, "中共甲区第一医院内科支部委员会", suffix="001",
                            requires_approval=True)
    c.branch_a1b = make_org(session, c.committee_a1, "中共甲区第一医院外科支部委员会", suffix="002")
    c.branch_b1 = make_org(session, c.district_b, "中共乙区实验中学支部委员会", suffix="001")
    c.city_admin = make_user(session, c.root, "city_admin", "sysadmin")
    c.district_admin = make_user(session, c.district_a, "district_admin", "admin")
    c.district_b_admin = make_user(session, c.district_b, "district_b_admin", "admin")
    c.committee_admin = make_user(session, c.committee_a1, "committee_admin", "admin")
    c.branch_admin = make_user(session, c.branch_a1a, "branch_admin", "admin")
    c.sibling_admin = make_user(session, c.branch_a1b, "sibling_admin", "admin")
    c.branch_viewer = make_user(session, c.branch_a1a, "branch_viewer", "viewer")
    c.branch_operator = make_user(session, c.branch_a1a, "branch_operator", "operator")
    return c


# --- generic rows for the leak test ---------------------------------------------------------

MARK = "越权标记"


def _filler(column, n: int, org, person, user):
    fk = next(iter(column.foreign_keys), None)
    if fk is not None:
        table = fk.column.table.name
        return {"person": getattr(person, "id", None), "organization": org.id,
                "app_user": getattr(user, "id", None)}.get(table)
    t = column.type
    if isinstance(t, Boolean):
        return False
    if isinstance(t, (Integer,)):
        return 1
    if isinstance(t, Numeric):
        return Decimal("1.00")
    if isinstance(t, DateTime):
        return datetime(2024, 1, 2, 3, 4)
    if isinstance(t, Date):
        return date(2024, 1, 2)
    if isinstance(t, (String, Text)):
        length = getattr(t, "length", None) or 100
        return f"{MARK}{n}"[:length]
    return None


# Models whose rows need more than generic filling register a builder here:
# BUILDERS[Model] = fn(session, org, n) -> row (committed).
BUILDERS: dict = {}


def build_in(session, model: type[Scoped], org: Organization, n: int = 1, **where_values):
    """Create one committed row of `model` that belongs to `org`, marked with MARK where possible."""
    if model in BUILDERS:
        return BUILDERS[model](session, org, n, **where_values)
    if model is Organization:
        return make_org(session, org, name=f"{MARK}{n}组织", **where_values)
    if model is Person:
        values = {"stage": "full", **where_values}
        return make_person(session, org, name=f"{MARK}{n}", **values)
    if model is User:
        return make_user(session, org, f"{MARK}{n}")
    if model is AuditLog:
        row = AuditLog(org_path=org.path, action="insert", object_type="person",
                       summary=f"{MARK}{n}", username=f"{MARK}{n}")
        session.add(row)
        session.commit()
        return row
    person = make_person(session, org, name=f"{MARK}人{n}") if issubclass(model, PersonRecord) else None
    user = session.query(User).first()
    row = model()
    for column in inspect(model).columns:
        if column.primary_key or column.key in where_values:
            continue
        if column.foreign_keys or (not column.nullable and column.default is None
                                   and column.server_default is None):
            value = _filler(column, n, org, person, user)
            if value is not None:
                setattr(row, column.key, value)
        elif column.key.endswith("_org_path"):  # a copy of the path of the organisation named
            setattr(row, column.key, org.path)
        elif isinstance(column.type, (String, Text)) and column.nullable:
            setattr(row, column.key, _filler(column, n, org, person, user))
    for key, value in where_values.items():
        setattr(row, key, value)
    session.add(row)
    session.commit()
    return row


# --- members (issue 4) ------------------------------------------------------------------------

def make_transfer(session, person: Person, to_org: Organization | None, status: str = "pending",
                  issued_on: date | None = None, seq: int | None = None, **values):
    """A transfer of `person` from their organisation (市内 when `to_org` is given)."""
    from models import Transfer

    issued_on = issued_on or clock.today()
    seq = seq or next(_seq)
    name = values.pop("to_org_name", None) or (to_org.name if to_org else "外市某党委")
    t = Transfer(person_id=person.id, letter_year=issued_on.year, letter_seq=seq,
                 letter_no=f"{person.org.code}-{issued_on.year}-{seq:03d}",
                 direction="in_city" if to_org else "out_city", from_org_id=person.org_id,
                 from_org_path=person.org_path, to_org_id=to_org.id if to_org else None,
                 to_org_path=to_org.path if to_org else None,
                 to_org_name=name,
                 issued_on=issued_on, valid_days=values.pop("valid_days", 30), status=status,
                 **values)
    session.add(t)
    session.commit()
    return t


def _build_transfer(session, org, n, **where):
    person = make_person(session, org, name=f"{MARK}{n}")
    return make_transfer(session, person, org, to_org_name=f"{MARK}{n}", **where)


def _register_member_builders():
    from models import Transfer

    BUILDERS[Transfer] = _build_transfer


_register_member_builders()
