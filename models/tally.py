"""Person tally (人员计数): how many people each organisation's subtree holds, by stage, status
and management, kept by triggers on the person table.

Every insert, delete and change of `org_path`, `stage`, `status` or `management` of a person
appends one row per organisation on his path (the organisation itself with `here` true, each
ancestor with `here` false): +1 for the new values, -1 for the old. Rows are only ever
appended by writers, so concurrent changes never wait for each other on a shared counter row;
`actions.stats.tally.fold` later sums each key's rows into one (`folded` true). A count is the
sum of `n` over a path's rows, exact at every moment in every transaction.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from models.base import CString, db
from models.org import PATH_WIDTH

SEGMENT = PATH_WIDTH + 1  # "000001."
MAX_DEPTH = 255 // SEGMENT  # org_path is at most 255 characters
KEY = ("path", "here", "stage", "status", "management")
TRACKED = ("org_path", "stage", "status", "management")


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
        Index("ix_person_tally_key", *KEY, "n"),
        Index("ix_person_tally_unfolded", "folded", "id"),
    )


def levels() -> str:
    """The prefix lengths of every possible path depth, as a subquery of one column `k`."""
    return " UNION ALL ".join(f"SELECT {SEGMENT * d} AS k" for d in range(1, MAX_DEPTH + 1))


def _rows(row: str, sign: int) -> str:
    """INSERT of one tally row per organisation on `row`'s path (row is NEW or OLD)."""
    return (
        "INSERT INTO person_tally (path, here, stage, status, management, n, folded) "
        f"SELECT substr({row}.org_path, 1, lv.k), lv.k = length({row}.org_path), {row}.stage, "
        f"{row}.status, {row}.management, {sign}, false "
        f"FROM ({levels()}) AS lv WHERE lv.k <= length({row}.org_path)"
    )


_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in TRACKED)
_CHANGED_SQLITE = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in TRACKED)
_COLUMNS = ", ".join(TRACKED)

TRIGGER_NAMES = {
    "postgresql": ("person_tally_write", "person_tally_change"),
    "sqlite": ("person_tally_insert", "person_tally_delete", "person_tally_change"),
}

# Per dialect, the statements that keep person_tally (after both tables exist).
TALLY_DDL = {
    "postgresql": [
        f"""
CREATE OR REPLACE FUNCTION person_tally_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_rows("OLD", -1)};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {_rows("NEW", 1)};
    END IF;
    RETURN NULL;
END
$$""",
        "CREATE TRIGGER person_tally_write AFTER INSERT OR DELETE ON person "
        "FOR EACH ROW EXECUTE FUNCTION person_tally_keep()",
        f"CREATE TRIGGER person_tally_change AFTER UPDATE OF {_COLUMNS} ON person "
        f"FOR EACH ROW WHEN ({_CHANGED}) EXECUTE FUNCTION person_tally_keep()",
    ],
    "sqlite": [
        f"CREATE TRIGGER person_tally_insert AFTER INSERT ON person BEGIN {_rows('NEW', 1)}; END",
        f"CREATE TRIGGER person_tally_delete AFTER DELETE ON person BEGIN {_rows('OLD', -1)}; END",
        f"CREATE TRIGGER person_tally_change AFTER UPDATE OF {_COLUMNS} ON person "
        f"WHEN {_CHANGED_SQLITE} BEGIN {_rows('OLD', -1)}; {_rows('NEW', 1)}; END",
    ],
}


def drop_ddl(dialect: str) -> list[str]:
    """The statements that remove the triggers (the function stays on PostgreSQL)."""
    return [f"DROP TRIGGER IF EXISTS {name}" + (" ON person" if dialect == "postgresql" else "")
            for name in TRIGGER_NAMES[dialect]]


def _install(target, connection, **kw) -> None:
    for statement in TALLY_DDL.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)


# create_all (a database made without the migrations): once every table exists.
event.listen(db.metadata, "after_create", _install)
