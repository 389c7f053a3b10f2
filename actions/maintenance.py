"""Planner statistics that stay current: ANALYZE after bulk loads, on both engines."""
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
