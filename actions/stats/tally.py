"""Counts of people per organisation subtree read from the person tally, and the upkeep
(rebuild, fold, check, suspend) of both kept tallies, the person and the profile tally.

The tally (models.tally) holds, for every organisation path, signed counts by stage, status and
management that person-table triggers append. A count here is the sum of a path's rows with the
category's condition (actions.members.categories) applied to the tally's columns: the same
definition every list uses, read from a few rows instead of the subtree's people.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager

from sqlalchemy import func, select, text

from actions.members import categories
from models import PersonTally
from models.tally import ALL, DEVELOPMENT, PERSON, PROFILE, Kept, counted, ddl, drop_ddl

log = logging.getLogger(__name__)
T = PersonTally


def category_counts(session, path: str, keys) -> dict[str, int]:
    """People of the subtree at `path` in each of `keys` (each counted in its first key)."""
    key = categories.which_of(keys, T)
    rows = session.execute(select(key, func.sum(T.n)).where(T.path == path, key.is_not(None))
                           .group_by(key)).all()
    found = {k: int(n) for k, n in rows}
    return {k: found.get(k, 0) for k in keys}


def count(session, path: str, key: str, subtree: bool = True) -> int:
    """People of category `key` in the subtree at `path`, or only at that organisation itself."""
    conds = [T.path == path, categories.clause(key, T)]
    if not subtree:
        conds.append(T.here.is_(True))
    return int(session.execute(select(func.coalesce(func.sum(T.n), 0)).where(*conds))
               .scalar_one())


def people(session, path: str) -> int:
    """Everyone of the subtree at `path`, whatever their category."""
    return int(session.execute(select(func.coalesce(func.sum(T.n), 0)).where(T.path == path))
               .scalar_one())


def per_path(session, paths: list[str], key: str) -> dict[str, tuple[int, int]]:
    """{path: (people of `key` at the organisation itself, in its whole subtree)}."""
    if not paths:
        return {}
    rows = session.execute(
        select(T.path, T.here, func.sum(T.n))
        .where(T.path.in_(paths), categories.clause(key, T)).group_by(T.path, T.here)).all()
    out = {p: [0, 0] for p in paths}
    for path, here, n in rows:
        out[path][1] += int(n)
        if here:
            out[path][0] += int(n)
    return {p: (own, total) for p, (own, total) in out.items()}


# --- upkeep (both tallies: models.tally.ALL) ------------------------------------------------

# PostgreSQL advisory locks: one fold of each table at a time across app servers.
_FOLD_LOCKS = {PERSON.table: 7_004_117, PROFILE.table: 7_004_118, DEVELOPMENT.table: 7_004_119}


def rebuild(conn, kept: Kept | None = None) -> None:
    """Count every person again into `kept`, or every tally (after a bulk load, or to repair)."""
    for k in (kept,) if kept else ALL:
        columns = ", ".join(k.columns)
        conn.execute(text(f"DELETE FROM {k.table}"))
        conn.execute(text(f"INSERT INTO {k.table} ({columns}, n, folded) SELECT {columns}, n, "
                          f"true FROM ({counted(k, conn.dialect.name)}) AS counted"))


def fold(conn, kept: Kept) -> int:
    """Sum each key's appended rows of `kept` into one row; return how many rows were folded.

    The rows to fold are marked first (folded NULL), so rows appended meanwhile by other
    transactions are left for the next fold; zero sums are dropped. On PostgreSQL only one
    fold of a table runs at a time (an advisory lock); SQLite has one writer anyway.
    """
    if conn.dialect.name == "postgresql" and not conn.execute(
            text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _FOLD_LOCKS[kept.table]}
    ).scalar_one():
        return 0
    table, key = kept.table, ", ".join(kept.columns)
    marked = conn.execute(text(
        f"UPDATE {table} SET folded = NULL WHERE ({key}) IN "
        f"(SELECT {key} FROM {table} WHERE folded = false)")).rowcount
    if not marked:
        return 0
    conn.execute(text(
        f"INSERT INTO {table} ({key}, n, folded) SELECT {key}, sum(n), true "
        f"FROM {table} WHERE folded IS NULL GROUP BY {key} HAVING sum(n) <> 0"))
    conn.execute(text(f"DELETE FROM {table} WHERE folded IS NULL"))
    return marked


def fold_now(engine) -> int:
    """Fold every tally, each in its own transaction (the app's runner calls this periodically)."""
    total = 0
    for kept in ALL:
        with engine.begin() as conn:
            total += fold(conn, kept)
    return total


def differences(conn, kept: Kept | None = None) -> list[tuple]:
    """Keys whose kept sum differs from counting the people: [(table, key..., kept, people)]."""
    out = []
    for k in (kept,) if kept else ALL:
        key, width = ", ".join(k.columns), len(k.columns)
        have = f"SELECT {key}, sum(n) AS n FROM {k.table} GROUP BY {key} HAVING sum(n) <> 0"
        a = {tuple(r[:width]): int(r[width]) for r in conn.execute(text(have))}
        b = {tuple(r[:width]): int(r[width])
             for r in conn.execute(text(counted(k, conn.dialect.name)))}
        out += sorted((k.table,) + key_ + (a.get(key_, 0), b.get(key_, 0))
                      for key_ in a.keys() | b.keys() if a.get(key_, 0) != b.get(key_, 0))
    return out


@contextmanager
def suspended(conn):
    """Bulk-load people with every tally's triggers off, then count them all once."""
    dialect = conn.dialect.name
    for kept in ALL:
        for statement in drop_ddl(kept, dialect):
            conn.execute(text(statement))
    yield
    for kept in ALL:
        for statement in ddl(kept, dialect):
            conn.exec_driver_sql(statement)
    rebuild(conn)
