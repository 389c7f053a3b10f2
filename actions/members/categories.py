"""The member categories (直管党员, 流入党员, 入党积极分子 …): one definition each, as SQL.

Every list, 信息查询's 查询对象, 信息汇总, the statistics tables, the home page and the exports
count a category through `clause(key)`, so the same question gives the same number everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import and_, case, or_, select

from models import Person
from models.codes import MEMBER_STAGES, ON_ROLL


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    where: Callable  # (table) -> SQL condition on its stage, status and management columns


def _on_roll(*conds):
    return lambda t: and_(*(c(t) for c in conds), t.status.in_(ON_ROLL))


def _stage(stage):
    return _on_roll(lambda t: t.stage == stage)


def _member(t):
    return t.stage.in_(MEMBER_STAGES)


def _managed(how):
    return lambda t: t.management == how


_ALL = [
    # Party members on the organisation's roll: normal, flowing out, or transfer pending.
    Category("direct", "直管党员", _on_roll(_managed("direct"), _member)),
    Category("inflow", "流入党员", _on_roll(_managed("inflow"), _member)),
    Category("members", "全部党员（直管和流入）", _on_roll(_member)),
    Category("full", "正式党员", _on_roll(_managed("direct"), lambda t: t.stage == "full")),
    Category("probationary", "预备党员", _on_roll(_managed("direct"),
                                              lambda t: t.stage == "probationary")),
    # The development stages, whoever manages the person.
    Category("applicant", "入党申请人", _stage("applicant")),
    Category("activist", "入党积极分子", _stage("activist")),
    Category("target", "发展对象", _stage("target")),
    # States of the roll.
    Category("flowing", "流动党员", lambda t: and_(t.status == "flowing", _member(t))),
    Category("transfer_pending", "转出待接收", lambda t: t.status == "transfer_pending"),
    Category("pending", "待审批", lambda t: t.status == "pending"),
    Category("returned", "审批退回", lambda t: t.status == "returned"),
    Category("ended", "发展终止", lambda t: t.status == "ended"),
    Category("off_roll", "已离开组织（转出、去世、停止党籍等）",
             lambda t: t.status.not_in(ON_ROLL + ("pending", "returned", "ended"))),
]
CATEGORIES: dict[str, Category] = {c.key: c for c in _ALL}

# Query objects of 信息查询 and 信息汇总, in the order the screens offer them.
QUERY_OBJECTS = ("direct", "inflow", "members", "full", "probationary", "applicant", "activist",
                 "target", "flowing", "transfer_pending", "pending", "returned", "ended",
                 "off_roll")
# Categories counted on the organisation page, each person in exactly one of them.
ORG_PAGE = ("full", "probationary", "inflow", "target", "activist", "applicant", "pending")


# Categories that also reach members of other organisations received here while they flow
# (`Person.here_path`): a query of them is scoped with `present=True`.
PRESENT = ("inflow", "members")


def clause(key: str, table=Person):
    """The SQL condition of one category, on the roll wherever it is.

    `table` is Person, or a table with the same stage, status and management columns (the
    person tally), so a count kept elsewhere uses this same definition.
    """
    return CATEGORIES[key].where(table)


def received_within(lo: str, hi: str):
    """Members of other organisations flowing in and received by an organisation in [lo, hi)."""
    return and_(Person.here_path >= lo, Person.here_path < hi, Person.status == "flowing",
                Person.stage.in_(MEMBER_STAGES))


def within(key: str, lo: str, hi: str):
    """The people of a category in the jurisdiction [lo, hi) of organisation paths.

    On the roll of an organisation there; for 流入党员 and 全部党员 also the members of other
    organisations flowing in and received there (the manual: they are managed where they are).
    """
    on_roll = and_(clause(key), Person.org_path >= lo, Person.org_path < hi)
    if key in PRESENT:
        return or_(on_roll, received_within(lo, hi))
    return on_roll


def label(key: str) -> str:
    return CATEGORIES[key].label


def choices(keys=QUERY_OBJECTS) -> list[tuple[str, str]]:
    return [(k, CATEGORIES[k].label) for k in keys]


def holds(session, key: str, person) -> bool:
    """Whether one person belongs to a category (asked of the database: one definition)."""
    stmt = select(Person.id).where(Person.id == person.id, clause(key))
    return session.execute(stmt).first() is not None


def which_of(keys, table=Person):
    """A CASE naming the first of `keys` a person belongs to (NULL if none)."""
    return case(*[(clause(k, table), k) for k in keys], else_=None)
