"""信息查询: people of a query object in 本级 or 辖区, by conditions on any of their fields."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, select

from actions import clock
from models import Organization, Person, path_bounds
from models.codes import (
    CATEGORY,
    DEGREE,
    EDUCATION,
    ETHNICITY,
    MANAGEMENT,
    ON_ROLL,
    SEX,
    STAGE,
    STATUS,
)

from actions.stats import dimensions as D
from actions.errors import RuleViolation
from actions.scoping import ensure_in_scope, scope

MODES = {"own": "本级查询", "all": "辖区查询"}
CODE_FIELDS = {"sex": SEX, "ethnicity": ETHNICITY, "education": EDUCATION, "degree": DEGREE,
               "category": CATEGORY, "stage": STAGE,
               # Query objects hold people on the roll only (entries awaiting approval are not found).
               "status": {k: STATUS[k] for k in ON_ROLL}}
TEXT_PREFIX = ("name", "id_number")  # indexed byte-wise columns: a range, not LIKE
TEXT_CONTAINS = ("native_place", "job", "address", "phone")
DATE_RANGES = ("birth_date", "joined_on", "full_on", "applied_on", "work_started_on")
# Columns shown in the result list and exported (header from Person.__labels__).
RESULT_COLUMNS = ["name", "sex", "id_number", "birth_date", "ethnicity", "education", "stage",
                  "management", "status", "org", "joined_on", "phone"]


@dataclass
class Criteria:
    object: str = "direct"
    mode: str = "own"
    org_id: int | None = None
    codes: dict[str, list[str]] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    dates: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)
    age: tuple[int | None, int | None] = (None, None)
    party_age: tuple[int | None, int | None] = (None, None)
    lost_contact: bool = False

    def has_condition(self) -> bool:
        """True when at least one field condition is set (object and mode are not conditions)."""
        return bool(any(self.codes.values()) or any(v.strip() for v in self.text.values())
                    or any(a or b for a, b in self.dates.values()) or any(self.age)
                    or any(self.party_age) or self.lost_contact
                    or (self.mode == "own" and self.org_id))


def _years(today: date, lo: int | None, hi: int | None, column):
    """Full-year range on a date column: lo <= years elapsed <= hi."""
    out = []
    if lo is not None:
        out.append(column <= D.years_before(today, lo))
    if hi is not None:
        out.append(column > D.years_before(today, hi + 1))
    return out


def conditions(session, user, c: Criteria, today: date | None = None) -> list:
    """The WHERE conditions of a query, after checking the manual's two constraints."""
    today = today or clock.today()
    if c.object not in D.OBJECTS:
        raise RuleViolation("请选择查询对象", "object")
    if c.mode not in MODES:
        raise RuleViolation("请选择查询方式", "mode")
    if c.mode == "all" and c.org_id:
        raise RuleViolation("辖区查询时不能选择所在党组织（辖区查询即查询本组织及全部下级组织）", "org")
    where = [D.object_clause(c.object)]
    if c.mode == "own":
        org = session.get(Organization, c.org_id) if c.org_id else user.org
        ensure_in_scope(org, user, "org")
        where.append(Person.org_id == org.id)
    for key, values in c.codes.items():
        if key not in CODE_FIELDS or any(v not in CODE_FIELDS[key] for v in values):
            raise RuleViolation("查询条件无效", key)
        if values:
            where.append(getattr(Person, key).in_(values))
    for key, value in c.text.items():
        value = (value or "").strip()
        if not value:
            continue
        column = getattr(Person, key)
        if key in TEXT_PREFIX:
            value = value.upper() if key == "id_number" else value
            where.append(and_(column >= value, column < value + "\U0010ffff"))
        elif key in TEXT_CONTAINS:
            where.append(column.contains(value, autoescape=True))
        else:
            raise RuleViolation("查询条件无效", key)
    for key, (lo, hi) in c.dates.items():
        if key not in DATE_RANGES:
            raise RuleViolation("查询条件无效", key)
        if lo and hi and lo > hi:
            raise RuleViolation(f"{Person.__labels__[key]}的起始日期不能晚于截止日期", key)
        where += ([getattr(Person, key) >= lo] if lo else []) + (
            [getattr(Person, key) <= hi] if hi else [])
    for (lo, hi), column, label in ((c.age, Person.birth_date, "年龄"),
                                    (c.party_age, Person.joined_on, "党龄")):
        if lo is not None and hi is not None and lo > hi:
            raise RuleViolation(f"{label}的下限不能大于上限", "age")
        where += _years(today, lo, hi, column)
    if c.lost_contact:
        where.append(Person.lost_contact.is_(True))
    return where


def search(session, user, c: Criteria, require_condition: bool = True):
    """Return the Core select of matching people in the user's jurisdiction, tree-ordered.

    查询 needs at least one condition; 查询所有 (require_condition=False) lists everyone.
    """
    where = conditions(session, user, c)
    if require_condition and not c.has_condition():
        raise RuleViolation("请至少选择一个查询条件；要列出全部人员请点击“查询所有”")
    lo, hi = path_bounds(user.org.path)
    return scope(select(Person).where(Person.org_path >= lo, Person.org_path < hi, *where),
                 user, Person).order_by(Person.org_path, Person.id)


def export_select(stmt):
    """The same query as plain columns with the organisation's name, for a streamed export."""
    org_name = (select(Organization.name).where(Organization.id == Person.org_id)
                .correlate(Person).scalar_subquery())
    cols = [org_name if name == "org" else getattr(Person, name) for name in RESULT_COLUMNS]
    return stmt.with_only_columns(*cols)


def headers() -> list[str]:
    return [Person.__labels__[name] for name in RESULT_COLUMNS]


def formatters() -> list:
    tables = {**CODE_FIELDS, "status": STATUS, "management": MANAGEMENT}
    return [(lambda v, t=tables[n]: t.get(v, v) if v is not None else "") if n in tables else None
            for n in RESULT_COLUMNS]

