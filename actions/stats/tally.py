"""Counts of people per organisation subtree read from the person tally, and its upkeep.

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
from models.tally import KEY, TALLY_DDL, drop_ddl, levels

log = logging.getLogger(__name__)
T = PersonTally
_KEY = ", ".join(KEY)
# The people counted again: grouped by their organisation's path, then spread to every
# organisation on it (the rows the triggers would have written, summed).
_COUNTED = (
    "SELECT substr(g.org_path, 1, lv.k) AS path, lv.k = length(g.org_path) AS here, "
    "g.stage, g.status, g.management, sum(g.c) AS n "
    "FROM (SELECT org_path, stage, status, management, count(*) AS c FROM person "
    "      GROUP BY org_path, stage, status, management) AS g "
    f"JOIN ({levels()}) AS lv ON lv.k <= length(g.org_path) "
    "GROUP BY substr(g.org_path, 1, lv.k), lv.k = length(g.org_path), g.stage, g.status, "
    "g.management")
_FOLD_LOCK = 7_004_117  # PostgreSQL advisory lock: one fold at a time across app servers


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


# --- upkeep --------------------------------------------------------------------------------

def rebuild(conn) -> None:
    """Count every person again (after a load with the triggers off, or to repair)."""
    conn.execute(text("DELETE FROM person_tally"))
    conn.execute(text(f"INSERT INTO person_tally ({_KEY}, n, folded) "
                      f"SELECT {_KEY}, n, true FROM ({_COUNTED}) AS counted"))


def fold(conn) -> int:
    """Sum each key's appended rows into one row; return how many rows were folded.

    The rows to fold are marked first (folded NULL), so rows appended meanwhile by other
    transactions are left for the next fold; zero sums are dropped. On PostgreSQL only one
    fold runs at a time (an advisory lock); SQLite has one writer anyway.
    """
    if conn.dialect.name == "postgresql" and not conn.execute(
            text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _FOLD_LOCK}).scalar_one():
        return 0
    marked = conn.execute(text(
        f"UPDATE person_tally SET folded = NULL WHERE ({_KEY}) IN "
        f"(SELECT {_KEY} FROM person_tally WHERE folded = false)")).rowcount
    if not marked:
        return 0
    conn.execute(text(
        f"INSERT INTO person_tally ({_KEY}, n, folded) SELECT {_KEY}, sum(n), true "
        f"FROM person_tally WHERE folded IS NULL GROUP BY {_KEY} HAVING sum(n) <> 0"))
    conn.execute(text("DELETE FROM person_tally WHERE folded IS NULL"))
    return marked


def fold_now(engine) -> int:
    """One fold in its own transaction (the app's runner calls this periodically)."""
    with engine.begin() as conn:
        return fold(conn)


def differences(conn) -> list[tuple]:
    """Keys whose tally sum differs from counting the people: [(key..., tally, people)]."""
    kept = f"SELECT {_KEY}, sum(n) AS n FROM person_tally GROUP BY {_KEY} HAVING sum(n) <> 0"
    a = {tuple(r[:5]): int(r[5]) for r in conn.execute(text(kept))}
    b = {tuple(r[:5]): int(r[5]) for r in conn.execute(text(_COUNTED))}
    return sorted((k + (a.get(k, 0), b.get(k, 0))) for k in a.keys() | b.keys()
                  if a.get(k, 0) != b.get(k, 0))


@contextmanager
def suspended(conn):
    """Bulk-load people with the tally's triggers off, then count them all once."""
    dialect = conn.dialect.name
    for statement in drop_ddl(dialect):
        conn.execute(text(statement))
    yield
    for statement in TALLY_DDL[dialect]:
        conn.exec_driver_sql(statement)
    rebuild(conn)
