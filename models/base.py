"""Declarative base, the shared `db` object and column types used by every model."""
from __future__ import annotations

from datetime import datetime, timezone

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, Index, MetaData, String, and_, literal, select
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _sqlite_table_hint(self, table, text):
    """SQLite table hints (`INDEXED BY name`) follow the table name as written."""
    return text


# SQLAlchemy renders no table hints for SQLite; `query.with_hint(Model, "INDEXED BY ix", "sqlite")`
# then reaches the database.
SQLiteCompiler.get_from_hint_text = _sqlite_table_hint


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)


def CString(length: int) -> String:
    """Return a string type compared byte-wise on every engine.

    Paths, codes and ID numbers are searched with range predicates (`>= lo AND < hi`);
    PostgreSQL's linguistic collations would order '.' and '/' unpredictably, so these
    columns use the "C" collation there. SQLite compares bytes already.
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def sort_index(table: str, column: str, *ties: str) -> Index:
    """The index a list sorted by `column` walks: its ties in one order (`ties`, then id), and
    the columns a wide jurisdiction's lookup reads (the row's person or organisation)."""
    return Index(f"ix_{table}_{column}_sort", column, *ties, "id")


def path_bounds(path: str) -> tuple[str, str]:
    """Return the half-open range [lo, hi) holding `path` and all its descendants."""
    return path, path[:-1] + "/"  # '/' sorts right after '.'


class Scoped:
    """A model whose rows belong to one organisation subtree.

    Subclasses say how a row maps to an organisation path: `scope_clause` for SQL,
    `scope_path` for a loaded row. The jurisdiction check everywhere uses these two.

    `wide` (models that find their path through another table, `scoped_by_reference`): the
    jurisdiction holds a large share of all rows, so the clause looks each row's path up by
    key and the table is read in its own order, instead of collecting the whole jurisdiction
    first (IN). Both forms select the same rows; only the plan differs (`through`).
    """

    __label__ = "记录"
    __labels__: dict[str, str] = {}
    scoped_by_reference = False

    @classmethod
    def scope_clause(cls, lo: str, hi: str, wide: bool = False):  # pragma: no cover - interface
        raise NotImplementedError

    def scope_path(self) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError

    # "Where the row is now": rows that also belong, for a while, to a second subtree (a
    # flowing member received by another organisation) widen these two; by default the
    # present reach is the home reach.
    @classmethod
    def present_clause(cls, lo: str, hi: str, wide: bool = False):
        return cls.scope_clause(lo, hi, wide)

    def present_paths(self) -> list[str]:
        path = self.scope_path()
        return [path] if path else []


def through(key, target, condition, wide: bool):
    """Rows whose `key` names a `target` row meeting `condition`.

    Narrow: the target rows are collected first (IN). Wide: each row's target is looked up by
    key, as a scalar subquery, which neither engine turns into a join, so the table is read
    in its own order (its sort index) and stops at the page or the capped count. An EXISTS
    would be planned as a semi-join again: PostgreSQL then hashes the whole person table.
    """
    if wide:
        # Correlated to the outer row however the enclosing statement is built (a count
        # that selects only a constant has no FROM of its own to correlate with).
        found = select(literal(1)).where(target.id == key, condition)
        return found.correlate_except(target).scalar_subquery().is_not(None)
    return key.in_(select(target.id).where(condition))


class OrgPathScoped(Scoped):
    """A row carrying a copy of its organisation's path in `org_path` (one indexed range)."""

    @classmethod
    def scope_clause(cls, lo: str, hi: str, wide: bool = False):
        return and_(cls.org_path >= lo, cls.org_path < hi)

    def scope_path(self) -> str | None:
        return self.org_path


class PersonRecord(Scoped):
    """Mixin for small per-person tables: scoped through the person's organisation.

    `present_reach = True` marks the records the organisation a member flows into may see
    and keep (activities, evaluations, the flow itself); the rest stay with the home roll.
    """

    present_reach = False
    scoped_by_reference = True

    @declared_attr
    def person_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)

    @declared_attr
    def person(cls):
        return relationship("Person", lazy="joined", innerjoin=True)

    @classmethod
    def scope_clause(cls, lo: str, hi: str, wide: bool = False):
        from models.person import Person

        return through(cls.person_id, Person, Person.scope_clause(lo, hi), wide)

    def scope_path(self) -> str | None:
        person = self.person
        if person is None and self.person_id is not None:
            from sqlalchemy.orm import object_session

            from models.person import Person

            session = object_session(self) or db.session
            person = session.get(Person, self.person_id)
        return person.org_path if person is not None else None

    def _person_row(self):
        person = self.person
        if person is None and self.person_id is not None:
            from sqlalchemy.orm import object_session

            from models.person import Person

            person = (object_session(self) or db.session).get(Person, self.person_id)
        return person

    @classmethod
    def present_clause(cls, lo: str, hi: str, wide: bool = False):
        if not cls.present_reach:
            return cls.scope_clause(lo, hi, wide)
        from models.person import Person

        return through(cls.person_id, Person, Person.present_clause(lo, hi), wide)

    def present_paths(self) -> list[str]:
        if not self.present_reach:
            return super().present_paths()
        person = self._person_row()
        return person.present_paths() if person is not None else []
