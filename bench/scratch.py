"""A scratch database each destructive benchmark makes for itself, and drops when it is done.

SQLite: a file in a new temporary folder. PostgreSQL: a new database `party_bench_<random>` on
the server that BENCH_PG_SERVER names (a URL of any database there the user may connect to,
e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres); the user needs CREATEDB. No
benchmark ever writes to the database DATABASE_URL names.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import tempfile

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextlib.contextmanager
def scratch_database():
    """Yield the URL of an empty database made for this run; drop it afterwards."""
    if os.environ.get("DATABASE_URL"):
        raise SystemExit("This benchmark empties its database: it makes its own. Unset DATABASE_URL"
                         " and set BENCH_PG_SERVER to run it on PostgreSQL.")
    tmp = tempfile.mkdtemp(prefix="party-bench-")
    os.environ["INSTANCE_PATH"] = tmp
    server = os.environ.get("BENCH_PG_SERVER")
    if not server:
        yield f"sqlite:///{tmp}/bench.db"
        return
    name = f"party_bench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
