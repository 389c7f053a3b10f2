"""Statistics dimensions: what people and organisations can be counted by, as SQL expressions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from sqlalchemy import Integer, case, cast, extract, func, literal, select
from sqlalchemy.orm import aliased

from actions.members import categories
from actions.orgs.team import DUE_DAYS  # the window of the home page's 换届提醒
from models import Organization, Person
from models.codes import (
    CATEGORY,
    EDUCATION,
    ETHNICITY,
    MANAGEMENT,
    MEMBER_STAGES,
    ON_ROLL,
    ORG_KIND,
    ORG_STATUS,
    SEX,
    STAGE,
    STATUS,
)
from models.org import PATH_WIDTH

NONE_LABEL = "未填写"

# Query objects (查询对象): the categories of actions.members.categories, (label, condition).
OBJECTS = {k: (categories.label(k), lambda k=k: categories.clause(k))
           for k in categories.QUERY_OBJECTS}


def years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


# (key, label, upper bound in full years, inclusive); the last band is open.
AGE_BANDS = [("a1", "30岁及以下", 30), ("a2", "31至35岁", 35), ("a3", "36至45岁", 45),
             ("a4", "46至55岁", 55), ("a5", "56至60岁", 60), ("a6", "61至70岁", 70),
             ("a7", "71岁及以上", None)]
PARTY_AGE_BANDS = [("p1", "5年及以下", 5), ("p2", "6至10年", 10), ("p3", "11至20年", 20),
                   ("p4", "21至30年", 30), ("p5", "31至40年", 40), ("p6", "41至50年", 50),
                   ("p7", "51年及以上", None)]
SIZE_BANDS = [("s0", "无党员", 0), ("s1", "1至2人", 2), ("s2", "3至6人", 6),
              ("s3", "7至49人", 49), ("s4", "50至99人", 99), ("s5", "100人及以上", None)]
YES_NO = {"1": "是", "0": "否"}


def _band_case(column, bands, today: date):
    """CASE over a date column: born (or joined) after the cut-off means at most N full years."""
    whens = [(column > years_before(today, top + 1), key) for key, _l, top in bands if top is not None]
    return case((column.is_(None), literal(None)), *whens, else_=bands[-1][0])


def _count_case(count, bands):
    whens = [(count <= top, key) for key, _l, top in bands if top is not None]
    return case(*whens, else_=bands[-1][0])


@dataclass(frozen=True)
class Dim:
    key: str
    label: str
    expr: Callable  # (ctx) -> SQL expression
    options: dict | None = None  # fixed code -> label (ordered); None when values are data-driven
    filterable: bool = True


class Ctx:
    """What a dimension needs to build its expression: the base organisation and today."""

    def __init__(self, base: Organization, today: date, sizes=None):
        self.base, self.today, self.sizes = base, today, sizes

    @property
    def child_width(self) -> int:
        return len(self.base.path) + PATH_WIDTH + 1


def _child_of(column):
    return lambda c: func.substr(column, 1, c.child_width)


PERSON_DIMS = {d.key: d for d in [
    Dim("org", "党组织（下一级）", _child_of(Person.org_path), None, False),
    Dim("sex", "性别", lambda c: Person.sex, SEX),
    Dim("age", "年龄段", lambda c: _band_case(Person.birth_date, AGE_BANDS, c.today),
        {k: v for k, v, _ in AGE_BANDS}),
    Dim("ethnicity", "民族", lambda c: Person.ethnicity, ETHNICITY),
    Dim("education", "学历", lambda c: Person.education, EDUCATION),
    Dim("stage", "人员阶段", lambda c: Person.stage, STAGE),
    Dim("party_age", "党龄段", lambda c: _band_case(Person.joined_on, PARTY_AGE_BANDS, c.today),
        {k: v for k, v, _ in PARTY_AGE_BANDS}),
    Dim("join_year", "入党年份", lambda c: cast(extract("year", Person.joined_on), Integer), None, False),
    Dim("category", "人员类别", lambda c: Person.category, CATEGORY),
    Dim("management", "管理方式", lambda c: Person.management, MANAGEMENT),
    Dim("status", "状态", lambda c: Person.status, {k: STATUS[k] for k in ON_ROLL}),
]}

TERM_STATUS = {"in_term": "任期内", "due": "90天内届满", "ended": "已届满", "none": "未录入班子"}


def _term_status(c):
    """换届状态 from the end of term of the organisation's current leadership team."""
    ends = Organization.team_ends_on
    return case((ends.is_(None), "none"), (ends < c.today, "ended"),
                (ends <= c.today + timedelta(days=DUE_DAYS), "due"), else_="in_term")


ORG_DIMS = {d.key: d for d in [
    Dim("org", "党组织（下一级）", _child_of(Organization.path), None, False),
    Dim("kind", "组织类别", lambda c: Organization.kind, ORG_KIND),
    Dim("size", "党员人数规模", lambda c: _count_case(c.sizes, SIZE_BANDS),
        {k: v for k, v, _ in SIZE_BANDS}),
    Dim("requires_approval", "新增党员需上级审批",
        lambda c: case((Organization.requires_approval.is_(True), "1"), else_="0"), YES_NO),
    Dim("status", "组织状态", lambda c: Organization.status, ORG_STATUS),
    Dim("term", "换届状态", _term_status, TERM_STATUS),
]}

SUBJECTS = {"person": ("人员", PERSON_DIMS), "org": ("党组织", ORG_DIMS)}


def dims_of(subject: str) -> dict[str, Dim]:
    return SUBJECTS[subject][1]


def org_sizes(base_lo: str, base_hi: str):
    """Members on the roll directly in each organisation: a subquery joined to organisations."""
    p = aliased(Person)
    return (select(p.org_id.label("org_id"), func.count().label("n"))
            .where(p.org_path >= base_lo, p.org_path < base_hi, p.stage.in_(MEMBER_STAGES),
                   p.status.in_(ON_ROLL))
            .group_by(p.org_id).subquery())


def value_labels(session, dim: Dim, ctx: Ctx, values) -> dict:
    """Chinese label of every value a dimension produced."""
    if dim.key == "org":
        paths = [v for v in values if v]
        names = dict(session.execute(
            select(Organization.path, Organization.name).where(Organization.path.in_(paths))).all())
        return {v: (f"{names.get(v, v)}（本级）" if v == ctx.base.path else names.get(v, v))
                for v in values}
    table = dim.options or {}
    return {v: (NONE_LABEL if v is None else table.get(str(v), str(v))) for v in values}


def ordered(dim: Dim, values) -> list:
    """Codes in code-table order, other values sorted, missing values last."""
    values = set(values)
    head = [k for k in (dim.options or {}) if k in values]
    rest = sorted((v for v in values if v is not None and v not in head), key=str)
    return head + rest + ([None] if None in values else [])
