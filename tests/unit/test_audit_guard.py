"""The database itself refuses to change or delete audit entries (triggers, on both engines);
only the archive action removes entries, and only those past the retention period."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError

from actions.errors import PermissionDenied
from actions.security import audit_archive
from models import AuditArchivePermit, AuditLog, db
from models.base import utcnow

TABLE = AuditLog.__table__


def _write(days_ago: int, summary: str = "测试记录") -> int:
    """Write an entry dated `days_ago` days back on its own connection; return its id."""
    with db.engine.begin() as conn:
        return conn.execute(insert(TABLE).values(
            at=utcnow() - timedelta(days=days_ago), action="export", object_type="person",
            username="系统", summary=summary, changes="{}")).inserted_primary_key[0]


def _summaries() -> dict[int, str]:
    with db.engine.connect() as conn:
        return dict(conn.execute(select(TABLE.c.id, TABLE.c.summary)).all())


def _refused(sql: str, **params) -> None:
    with db.engine.connect() as conn:
        with pytest.raises(DBAPIError) as err:
            conn.execute(text(sql), params)
        conn.rollback()
    assert "append-only" in str(err.value)


@pytest.mark.parametrize("days_ago", [0, 400])
def test_update_and_delete_of_any_entry_are_refused_by_the_database(ctx, days_ago):
    ctx.rollback()  # the test's own session holds nothing while other connections write
    eid = _write(days_ago)

    _refused("UPDATE audit_log SET summary = 'x' WHERE id = :id", id=eid)
    _refused("UPDATE audit_log SET at = :at WHERE id = :id", id=eid, at=utcnow())
    _refused("DELETE FROM audit_log WHERE id = :id", id=eid)
    _refused("DELETE FROM audit_log")

    assert _summaries() == {eid: "测试记录"}


def test_a_permit_cannot_be_used_for_young_entries_nor_to_change_any(ctx):
    ctx.rollback()
    young, old = _write(10), _write(400)
    far_future = utcnow() + timedelta(days=3650)

    with db.engine.connect() as conn:
        conn.execute(insert(AuditArchivePermit.__table__),
                     [{"id": 1, "before": far_future, "retention_days": 0}])
        with pytest.raises(DBAPIError):
            conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": young})
        conn.rollback()
    with db.engine.connect() as conn:
        conn.execute(insert(AuditArchivePermit.__table__),
                     [{"id": 1, "before": far_future, "retention_days": 0}])
        with pytest.raises(DBAPIError):
            conn.execute(text("UPDATE audit_log SET summary = 'x' WHERE id = :id"), {"id": old})
        conn.rollback()
    with db.engine.connect() as conn:  # a permit honours its own, longer retention period
        conn.execute(insert(AuditArchivePermit.__table__),
                     [{"id": 1, "before": far_future, "retention_days": 500}])
        with pytest.raises(DBAPIError):
            conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": old})
        conn.rollback()

    assert _summaries() == {young: "测试记录", old: "测试记录"}


def test_truncate_is_refused_on_postgresql(ctx):
    ctx.rollback()
    eid = _write(400)
    if db.engine.dialect.name == "postgresql":
        _refused("TRUNCATE audit_log")
    else:  # SQLite has no TRUNCATE; its unqualified DELETE is refused row by row
        _refused("DELETE FROM audit_log")

    assert _summaries() == {eid: "测试记录"}


def test_archive_removes_old_entries_under_a_permit_that_does_not_outlive_it(ctx):
    ctx.rollback()
    old, older, recent = _write(400, "旧"), _write(800, "更旧"), _write(100, "近")
    out = io.StringIO()

    n = audit_archive.archive(ctx, utcnow() - timedelta(days=365), 180, out)

    assert n == 2 and out.getvalue().count("\n") == 2
    left = _summaries()
    assert old not in left and older not in left and left[recent] == "近"
    # The archive itself is logged, and the permit is gone again.
    assert any("归档操作记录2条" in s for s in left.values())
    with db.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(AuditArchivePermit.__table__)) == 0
    _refused("DELETE FROM audit_log WHERE id = :id", id=recent)


def test_archive_cannot_remove_entries_within_the_retention_period(ctx):
    ctx.rollback()
    eid = _write(200)

    with pytest.raises(PermissionDenied):
        audit_archive.archive(ctx, utcnow() - timedelta(days=100), 180, io.StringIO())
    with pytest.raises(PermissionDenied):  # the configured, longer retention holds too
        audit_archive.archive(ctx, utcnow() - timedelta(days=190), 365, io.StringIO())
    ctx.rollback()

    assert _summaries() == {eid: "测试记录"}


def _fresh_engine(tmp_path):
    """An empty database of the engine under test: a file on SQLite, a schema on PostgreSQL."""
    if db.engine.dialect.name != "postgresql":
        return create_engine(f"sqlite:///{tmp_path / 'fresh.db'}"), None
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS fresh_guard CASCADE; CREATE SCHEMA fresh_guard"))
    return create_engine(db.engine.url, connect_args={"options": "-csearch_path=fresh_guard"}), \
        "fresh_guard"


def test_a_schema_made_from_the_models_has_the_same_guard(ctx, tmp_path):
    ctx.rollback()
    engine, schema = _fresh_engine(tmp_path)
    try:
        db.metadata.create_all(engine)
        with engine.begin() as conn:
            eid = conn.execute(insert(TABLE).values(
                at=utcnow() - timedelta(days=400), action="export", object_type="person",
                summary="x")).inserted_primary_key[0]
        refused = ["UPDATE audit_log SET summary = 'y'", "DELETE FROM audit_log"]
        if schema:
            refused.append("TRUNCATE audit_log")
        with engine.connect() as conn:
            for sql in refused:
                with pytest.raises(DBAPIError) as err:
                    conn.execute(text(sql))
                conn.rollback()
                assert "append-only" in str(err.value)
            assert conn.scalar(select(TABLE.c.summary).where(TABLE.c.id == eid)) == "x"
        assert "audit_archive_permit" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
        if schema:
            with db.engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def test_the_archive_command_moves_old_entries_through_the_guard(app, ctx, tmp_path):
    ctx.rollback()
    old, recent = _write(500, "旧"), _write(30, "近")
    out = tmp_path / "audit.jsonl"
    before = (utcnow() - timedelta(days=400)).strftime("%Y-%m-%d")

    result = app.test_cli_runner().invoke(args=["audit-archive", "--before", before,
                                                "--out", str(out)])
    too_young = app.test_cli_runner().invoke(args=[
        "audit-archive", "--before", (utcnow() - timedelta(days=10)).strftime("%Y-%m-%d"),
        "--out", str(out)])

    assert result.exit_code == 0 and "已归档 1 条" in result.output, result.output
    assert too_young.exit_code != 0 and "只能归档" in too_young.output
    assert '"summary": "旧"' in out.read_text(encoding="utf-8")
    left = _summaries()
    assert old not in left and left[recent] == "近"


def test_archives_and_new_entries_at_the_same_moment_neither_deadlock_nor_lose_entries(app, ctx):
    import threading

    from actions import audit
    from tests.concurrency import run_at_once

    ctx.rollback()
    for round_ in range(3):
        for i in range(5):
            _write(400 + i, f"旧{round_}")
        barrier = threading.Barrier(4, timeout=30)
        before = utcnow() - timedelta(days=365)

        def archive(s, before=before):
            return audit_archive.archive(s, before, 180, io.StringIO())

        def log(s, round_=round_):
            audit.record(s, "export", "person", f"新{round_}", None, {})
            s.commit()
            return 0

        results = run_at_once(app, [archive, archive, log, log],
                              prepare=lambda s, b=barrier: b.wait(), ok="ok", timeout=60)

        assert [r[0] for r in results] == ["ok"] * 4, results
        assert results[0][1] + results[1][1] == 5  # each old entry archived exactly once
        left = _summaries()
        assert f"旧{round_}" not in left.values()  # (SQLite may give a later entry an old id)
        assert list(left.values()).count(f"新{round_}") == 2
        with db.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(AuditArchivePermit.__table__)) == 0
