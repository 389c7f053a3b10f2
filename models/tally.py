"""Kept counts of people (人员计数) per organisation subtree, appended by triggers on person.

Three tallies come from one builder (`Kept`):
- the person tally: every organisation's subtree by stage, status and management (`here` true
  on the row of the person's own organisation);
- the profile tally: the same keys and a dimension, the birth month or the education, kept only
  for the top two levels of the tree (the city and its districts). Deeper subtrees are small
  enough to count live, and keeping them would multiply the rows (at a million people, ~56k
  month and education pairs at the second level, ~677k at the third);
- the development tally: stage and status with the development deadline (its day) and the
  person's submission state (models.submission_state), also for the top two levels only: the
  home page's pipeline, committee queue and deadline counts of the city and the districts.

Every insert, delete and change of a person that alters his rows appends one row per kept
organisation on his path (and per dimension): +1 for the new values, -1 for the old. Rows are
only ever appended by writers, so concurrent changes never wait for each other on a shared
counter row; `actions.stats.tally.fold` later sums each key's rows into one (`folded` true). A
count is the sum of `n` over a path's rows, exact at every moment in every transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import Boolean, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from models.base import CString, db
from models.org import PATH_WIDTH

SEGMENT = PATH_WIDTH + 1  # "000001."
MAX_DEPTH = 255 // SEGMENT  # org_path is at most 255 characters
UNKNOWN = ""  # the profile value of a person without a birth date or an education


class PersonTally(db.Model):
    __tablename__ = "person_tally"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(CString(255))
    here: Mapped[bool] = mapped_column(Boolean)
    stage: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    management: Mapped[str] = mapped_column(String(10))
    n: Mapped[int] = mapped_column(Integer)
    # False: appended by a trigger; NULL: being folded; True: the folded sum of its key.
    folded: Mapped[bool | None] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_person_tally_key", "path", "here", "stage", "status", "management", "n"),
        Index("ix_person_tally_unfolded", "folded", "id"),
    )


class PersonProfileTally(db.Model):
    __tablename__ = "person_profile_tally"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(CString(255))
    dim: Mapped[str] = mapped_column(String(10))  # "month" or "education"
    stage: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    management: Mapped[str] = mapped_column(String(10))
    # The birth month "YYYY-MM" or the education code; UNKNOWN rather than NULL, because the
    # fold finds a key's rows by equality, which NULL never satisfies.
    value: Mapped[str] = mapped_column(String(7))
    n: Mapped[int] = mapped_column(Integer)
    folded: Mapped[bool | None] = mapped_column(Boolean, default=False)

    __table_args__ = (
        # A path's rows of one dimension, read with the category test on the index alone.
        Index("ix_person_profile_tally_key", "path", "dim", "stage", "status", "management",
              "value", "n"),
        Index("ix_person_profile_tally_unfolded", "folded", "id"),
    )


class PersonDevTally(db.Model):
    __tablename__ = "person_dev_tally"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(CString(255))
    stage: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    # person.dev_due_on as "YYYY-MM-DD" (ISO order is date order), UNKNOWN without one.
    due_on: Mapped[str] = mapped_column(String(10))
    pending: Mapped[str] = mapped_column(String(30))  # person.dev_pending, UNKNOWN without one
    pending_lit: Mapped[bool] = mapped_column(Boolean)
    receiving: Mapped[bool] = mapped_column(Boolean)
    n: Mapped[int] = mapped_column(Integer)
    folded: Mapped[bool | None] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_person_dev_tally_key", "path", "stage", "status", "due_on", "pending",
              "pending_lit", "receiving", "n"),
        Index("ix_person_dev_tally_unfolded", "folded", "id"),
    )


@dataclass(frozen=True)
class Kept:
    """One kept count: its table, its key, the person columns it follows, how deep it reaches."""

    table: str
    key: tuple[str, ...]  # the key columns after `path` (and `here`)
    # (row, dialect) -> SQL of the key columns for each row a person contributes per level.
    values: Callable[[str, str], list[tuple[str, ...]]]
    tracked: tuple[str, ...]  # the person columns those values (and the path) read
    depth: int = MAX_DEPTH  # the deepest level kept (1: the root organisation)
    here: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return ("path",) + (("here",) if self.here else ()) + self.key

    def kept_path(self, row: str) -> str:
        """The part of `row`'s path that names the organisations kept for him."""
        if self.depth >= MAX_DEPTH:
            return f"{row}.org_path"
        return f"substr({row}.org_path, 1, {self.depth * SEGMENT})"


def _categories(row: str) -> tuple[str, ...]:
    return (f"{row}.stage", f"{row}.status", f"{row}.management")


# The birth month as "YYYY-MM" (SQLite stores dates as ISO text).
MONTH = {"sqlite": "substr({}.birth_date, 1, 7)", "postgresql": "to_char({}.birth_date, 'YYYY-MM')"}


def _profile(row: str, dialect: str) -> list[tuple[str, ...]]:
    month = f"coalesce({MONTH[dialect].format(row)}, '{UNKNOWN}')"
    return [("'month'", *_categories(row), month),
            ("'education'", *_categories(row), f"coalesce({row}.education, '{UNKNOWN}')")]


# The deadline day as "YYYY-MM-DD".
DAY = {"sqlite": "{}.dev_due_on", "postgresql": "to_char({}.dev_due_on, 'YYYY-MM-DD')"}


def _development(row: str, dialect: str) -> list[tuple[str, ...]]:
    return [(f"{row}.stage", f"{row}.status", f"coalesce({DAY[dialect].format(row)}, '{UNKNOWN}')",
             f"coalesce({row}.dev_pending, '{UNKNOWN}')", f"coalesce({row}.dev_pending_lit, false)",
             f"coalesce({row}.dev_receiving, false)")]


PERSON = Kept("person_tally", ("stage", "status", "management"),
              lambda row, dialect: [_categories(row)],
              ("org_path", "stage", "status", "management"), here=True)
PROFILE = Kept("person_profile_tally", ("dim", "stage", "status", "management", "value"),
               _profile, ("org_path", "stage", "status", "management", "birth_date", "education"),
               depth=2)
DEVELOPMENT = Kept("person_dev_tally",
                   ("stage", "status", "due_on", "pending", "pending_lit", "receiving"),
                   _development, ("org_path", "stage", "status", "dev_due_on", "dev_pending",
                                  "dev_pending_lit", "dev_receiving"), depth=2)
ALL = (PERSON, PROFILE, DEVELOPMENT)


def levels(depth: int = MAX_DEPTH) -> str:
    """The prefix lengths of the path depths up to `depth`, as a subquery of one column `k`."""
    return " UNION ALL ".join(f"SELECT {SEGMENT * d} AS k" for d in range(1, depth + 1))


def _spread(kept: Kept, row: str, values: tuple[str, ...], n: str) -> str:
    """SELECT of one row per kept organisation on `row`'s path, with `values` and count `n`."""
    here = f"lv.k = length({row}.org_path), " if kept.here else ""
    return (f"SELECT substr({row}.org_path, 1, lv.k), {here}{', '.join(values)}, {n}, false "
            f"FROM ({levels(kept.depth)}) AS lv WHERE lv.k <= length({row}.org_path)")


def _rows(kept: Kept, row: str, sign: int, dialect: str) -> str:
    """INSERT of the rows a person contributes (row is NEW or OLD), each counted `sign`."""
    selects = " UNION ALL ".join(_spread(kept, row, v, str(sign))
                                 for v in kept.values(row, dialect))
    return f"INSERT INTO {kept.table} ({', '.join(kept.columns)}, n, folded) {selects}"


def _changed(kept: Kept, dialect: str) -> str:
    """The condition under which an update moves a person's rows: one of their values changed."""
    pairs = [(kept.kept_path("OLD"), kept.kept_path("NEW"))]
    for old, new in zip(kept.values("OLD", dialect), kept.values("NEW", dialect)):
        pairs += [p for p in zip(old, new) if p[0] != p[1] and p not in pairs]
    differ = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
    return " OR ".join(f"{old} {differ} {new}" for old, new in pairs)


def trigger_names(kept: Kept, dialect: str) -> tuple[str, ...]:
    ops = ("write", "change") if dialect == "postgresql" else ("insert", "delete", "change")
    return tuple(f"{kept.table}_{op}" for op in ops)


def ddl(kept: Kept, dialect: str) -> list[str]:
    """The statements that keep `kept` on `dialect` (after both tables exist)."""
    t, columns, changed = kept.table, ", ".join(kept.tracked), _changed(kept, dialect)
    if dialect == "postgresql":
        return [
            f"""
CREATE OR REPLACE FUNCTION {t}_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_rows(kept, "OLD", -1, dialect)};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {_rows(kept, "NEW", 1, dialect)};
    END IF;
    RETURN NULL;
END
$$""",
            f"CREATE TRIGGER {t}_write AFTER INSERT OR DELETE ON person "
            f"FOR EACH ROW EXECUTE FUNCTION {t}_keep()",
            f"CREATE TRIGGER {t}_change AFTER UPDATE OF {columns} ON person "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {t}_keep()",
        ]
    new, old = _rows(kept, "NEW", 1, dialect), _rows(kept, "OLD", -1, dialect)
    return [
        f"CREATE TRIGGER {t}_insert AFTER INSERT ON person BEGIN {new}; END",
        f"CREATE TRIGGER {t}_delete AFTER DELETE ON person BEGIN {old}; END",
        f"CREATE TRIGGER {t}_change AFTER UPDATE OF {columns} ON person "
        f"WHEN {changed} BEGIN {old}; {new}; END",
    ]


def drop_ddl(kept: Kept, dialect: str) -> list[str]:
    """The statements that remove the triggers (the function stays on PostgreSQL)."""
    on = " ON person" if dialect == "postgresql" else ""
    return [f"DROP TRIGGER IF EXISTS {name}{on}" for name in trigger_names(kept, dialect)]


def _ordinals(n: int) -> str:
    return ", ".join(str(i) for i in range(1, n + 1))


def counted(kept: Kept, dialect: str) -> str:
    """SELECT of the kept columns and `n` that counting every person again gives.

    People are first grouped by the kept part of their path and their values, then spread to
    every kept organisation on it: the rows the triggers would have written, summed.
    """
    names = kept.columns[1 + kept.here:]
    parts = []
    for values in kept.values("person", dialect):
        inner = ", ".join(f"{v} AS c{i}" for i, v in enumerate(values))
        outer = ", ".join(f"g.c{i} AS {name}" for i, name in enumerate(names))
        here = "lv.k = length(g.org_path) AS here, " if kept.here else ""
        parts.append(
            f"SELECT substr(g.org_path, 1, lv.k) AS path, {here}{outer}, sum(g.c) AS n "
            f"FROM (SELECT {kept.kept_path('person')} AS org_path, {inner}, count(*) AS c "
            f"FROM person GROUP BY {_ordinals(len(values) + 1)}) AS g "
            f"JOIN ({levels(kept.depth)}) AS lv ON lv.k <= length(g.org_path) "
            f"GROUP BY {_ordinals(len(kept.columns))}")
    return " UNION ALL ".join(parts)


def _install(target, connection, **kw) -> None:
    if connection.dialect.name not in ("postgresql", "sqlite"):
        return
    for kept in ALL:
        for statement in ddl(kept, connection.dialect.name):
            connection.exec_driver_sql(statement)


# create_all (a database made without the migrations): once every table exists.
event.listen(db.metadata, "after_create", _install)
