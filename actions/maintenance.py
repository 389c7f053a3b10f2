"""Planner statistics that stay current: ANALYZE after bulk loads, on both engines; on
PostgreSQL also a VACUUM after a load, so that counts can be index-only from the start."""
from __future__ import annotations

from sqlalchemy import text

# Rows SQLite samples per index; 0 reads every row. A sampled ANALYZE guesses the row counts of
# wide scope indexes wrongly and the planner then walks them instead of a search index; the full
# one takes about half a second at a million people.
SQLITE_ANALYSIS_LIMIT = 0
# A bulk write of at least this many rows refreshes the statistics of the tables it wrote.
BULK_ROWS = 1000


def refresh_statistics(connection, tables: tuple[str, ...] = ()) -> None:
    """Refresh the query planner's statistics (all tables, or `tables` on PostgreSQL).

    Called after seeding, imports and bulk entries. PostgreSQL's autovacuum also analyses
    changed tables periodically; SQLite has no such daemon, so each app process runs
    `optimize` at start-up (see `optimize_on_start`).
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("ANALYZE " + ", ".join(tables) if tables else "ANALYZE"))
    elif connection.dialect.name == "sqlite":
        connection.execute(text(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}"))
        connection.execute(text("ANALYZE"))


def optimize_on_start(engine) -> None:
    """SQLite: let `PRAGMA optimize` analyse tables whose statistics are missing or stale."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        conn.execute(text(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}"))
        conn.execute(text("PRAGMA optimize"))


def vacuum_after_load(engine, tables: tuple[str, ...] = ("person",)) -> None:
    """PostgreSQL: VACUUM (ANALYZE) the tables a bulk load wrote.

    A freshly written or rewritten page is not marked all-visible until a VACUUM, and an
    index-only count reads every unmarked page of the table. Autovacuum gets there later
    (person's thresholds are set low for this); this gets there before the first user. VACUUM
    cannot run inside a transaction, so it takes a connection of its own.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE) " + ", ".join(tables)))


# A table's statistics are stale once its row count is this far from the one they were taken at.
DRIFT = 0.1


def keep_statistics(engine) -> None:
    """The periodic step (the background runner): on SQLite, ANALYZE each table whose row count
    moved more than DRIFT from the one its statistics hold, or that has an index without
    statistics (a table or index a migration added); PostgreSQL's autovacuum does this itself.
    SQLite's own `PRAGMA optimize` only looks at the tables its connection has queried, which a
    background thread's connection has not."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        has_stats = conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first() is not None
        # Each statistics row starts with the table's row count at the time it was taken.
        known = dict(conn.execute(text(
            "SELECT tbl, max(CAST(stat AS INTEGER)) FROM sqlite_stat1 GROUP BY tbl")).all()) \
            if has_stats else {}
        unmeasured = set(conn.execute(text(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT IN "
            "(SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)" if has_stats else
            "SELECT tbl_name FROM sqlite_master WHERE type = 'index'")).scalars())
        tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' "
                                   "AND name NOT LIKE 'sqlite_%'")).scalars().all()
        stale = [t for t in tables if _drifted(None if t in unmeasured else known.get(t),
                                               conn.execute(text(f'SELECT count(*) FROM "{t}"'))
                                               .scalar_one())]
        if stale:
            conn.execute(text(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}"))
            for table in stale:
                conn.execute(text(f'ANALYZE "{table}"'))


def _drifted(known: int | None, rows: int) -> bool:
    if known is None:
        return rows > 0
    return abs(rows - known) > DRIFT * max(known, 1000)
