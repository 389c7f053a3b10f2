"""CLI: create-user with a password from stdin, seed-demo's deterministic, valid city."""
from collections import Counter

import pytest
from sqlalchemy import func, select

from actions.members import idnumber
from models import Organization, Person, User, db


def test_create_user_reads_the_password_from_stdin(app, ctx, city):
    runner = app.test_cli_runner()

    result = runner.invoke(args=["create-user", "newadmin", "--org", city.district_a.code,
                                 "--role", "admin", "--password-stdin"], input="abc12345\n")

    assert result.exit_code == 0, result.output
    user = ctx.execute(select(User).where(User.username == "newadmin")).scalar_one()
    assert user.org_id == city.district_a.id and user.password_hash.startswith("scrypt:")


def test_create_user_reports_rule_violations_in_chinese(app, city):
    result = app.test_cli_runner().invoke(
        args=["create-user", "x", "--org", "999999", "--password-stdin"], input="abc12345\n")

    assert result.exit_code != 0 and "组织代码 999999 不存在" in result.output


def test_seed_demo_builds_a_valid_deterministic_city_with_demo_users(app, ctx):
    runner = app.test_cli_runner()

    result = runner.invoke(args=["seed-demo", "--members", "1500", "--seed", "7"])

    assert result.exit_code == 0, result.output
    for name in ("demo_city", "demo_district", "demo_branch", "demo_branch2"):
        assert name in result.output
    people = ctx.execute(select(Person).order_by(Person.id)).scalars().all()
    assert len(people) == 1500
    for p in people:
        info = idnumber.parse(p.id_number)
        assert (info.birth_date, info.sex) == (p.birth_date, p.sex)
    kinds = Counter(ctx.execute(select(Organization.kind)).scalars())
    assert kinds["committee"] >= 10 and kinds["branch"] >= 20
    sizes = Counter(p.org_id for p in people)
    assert max(sizes.values()) <= 50
    users = {u.username: u for u in ctx.execute(select(User)).scalars()}
    assert users["demo_city"].org.parent_id is None
    assert users["demo_branch"].org.requires_approval
    assert users["demo_branch"].org.path.startswith(users["demo_district"].org.path)
    assert not users["demo_branch2"].org.path.startswith(users["demo_district"].org.path)
    first = [(p.id_number, p.name) for p in people[:20]]

    # Same seed again on an empty database (the audit log cannot be emptied, nor need it be).
    for table in reversed(db.metadata.sorted_tables):
        if table.name != "audit_log":
            ctx.execute(table.delete())
    ctx.commit()
    runner.invoke(args=["seed-demo", "--members", "1500", "--seed", "7"])
    again = ctx.execute(select(Person.id_number, Person.name).order_by(Person.id).limit(20)).all()
    assert [tuple(r) for r in again] == first


def test_seed_demo_refuses_a_database_that_has_data(app, city):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--members", "10"])

    assert result.exit_code != 0 and "只能在空库上运行" in result.output


def _planner_knows_person_table(session) -> bool:
    from sqlalchemy import text
    if session.get_bind().dialect.name == "sqlite":
        sql = "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'person'"
    else:
        sql = "SELECT count(*) FROM pg_stats WHERE tablename = 'person'"
    return session.execute(text(sql)).scalar() > 0


def test_seed_demo_leaves_statistics_the_query_planner_can_use(app, ctx):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--members", "1500", "--seed", "3"])

    assert result.exit_code == 0, result.output
    assert _planner_knows_person_table(ctx)


def test_after_the_seed_postgresql_can_count_the_people_from_their_indexes_alone(app, ctx):
    """VACUUM has marked every page of person all-visible, and autovacuum comes back after 1%
    of it changes, so the kept counts stay index-only scans."""
    from sqlalchemy import text
    if ctx.get_bind().dialect.name != "postgresql":
        pytest.skip("the visibility map and autovacuum are PostgreSQL's")
    ctx.commit()  # an open snapshot would keep VACUUM from marking the seed's pages
    result = app.test_cli_runner().invoke(args=["seed-demo", "--members", "1500", "--seed", "5"])

    assert result.exit_code == 0, result.output
    pages, visible, options = ctx.execute(text(
        "SELECT relpages, relallvisible, reloptions FROM pg_class WHERE relname = 'person'")).one()
    assert pages > 0 and visible == pages
    assert "autovacuum_vacuum_scale_factor=0.01" in options


def test_party_admin_runs_the_flask_commands_without_app_option(app, ctx, city, monkeypatch):
    from click.testing import CliRunner

    from admin_app.cli import command_group

    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    runner = CliRunner()

    listed = runner.invoke(command_group(), ["--help"])
    created = runner.invoke(command_group(), ["create-user", "opsadmin", "--org", city.root.code,
                                              "--role", "sysadmin", "--password-stdin"],
                            input="abc12345\n")
    current = runner.invoke(command_group(), ["db", "current"])

    for name in ("create-user", "seed-demo", "demo", "db", "serve", "paths"):
        assert name in listed.output
    assert created.exit_code == 0, created.output
    role = ctx.execute(select(User.role).where(User.username == "opsadmin")).scalar_one()
    assert role == "sysadmin"
    assert current.exit_code == 0, current.output


def test_serve_runs_gunicorn_with_threaded_workers_and_logs_on_stdout(monkeypatch):
    from gunicorn.config import Config

    from admin_app.cli import gunicorn_argv

    monkeypatch.setenv("WORKERS", "3")
    argv = gunicorn_argv(bind="127.0.0.1:8123", threads=6)
    config_file = argv[argv.index("--config") + 1]
    cfg = Config()
    namespace = {"__file__": config_file}
    exec(compile(open(config_file, encoding="utf-8").read(), config_file, "exec"), namespace)
    for key in ("worker_class", "workers", "threads", "timeout", "accesslog", "errorlog",
                "access_log_format"):
        cfg.set(key, namespace[key])

    assert argv[1:3] == ["-m", "gunicorn"] and argv[-1] == "admin_app:create_app()"
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--threads") + 1] == "6"
    assert cfg.worker_class_str == "gthread" and cfg.workers == 3 and cfg.threads >= 2
    assert cfg.timeout >= 60
    assert cfg.accesslog == "-" and cfg.errorlog == "-"
    assert "{party.user}e" in cfg.access_log_format and "%(M)s" in cfg.access_log_format


def _rows_the_planner_counts(session) -> set[int]:
    from sqlalchemy import text
    if session.get_bind().dialect.name == "sqlite":
        stats = session.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'person'"))
        return {int(stat.split()[0]) for (stat,) in stats}
    sql = "SELECT reltuples::bigint FROM pg_class WHERE relname = 'person'"
    return {session.execute(text(sql)).scalar()}


def test_seed_demo_statistics_count_every_person_row_not_a_sample(app, ctx):
    # A sampled SQLite ANALYZE extrapolates each index's row count; the planner then takes a
    # wide scope index for a selective one and the city's list walks the whole table.
    result = app.test_cli_runner().invoke(args=["seed-demo", "--members", "2500", "--seed", "5"])

    assert result.exit_code == 0, result.output
    people = ctx.execute(select(func.count()).select_from(Person)).scalar()
    assert _rows_the_planner_counts(ctx) == {people}


def test_the_background_runner_refreshes_the_statistics_every_few_hours(app, monkeypatch):
    from actions import maintenance
    from admin_app import export_runner

    calls = []
    monkeypatch.setattr(maintenance, "keep_statistics", lambda engine: calls.append(engine))
    last: dict = {}
    export_runner.upkeep(app, last)  # start-up has just analysed: not yet
    assert calls == []
    last["statistics"] -= export_runner.STATISTICS_EVERY_SECONDS + 1
    export_runner.upkeep(app, last)
    assert len(calls) == 1


def test_keeping_statistics_analyses_the_sqlite_tables_that_grew_or_have_none(app, ctx, city):
    from sqlalchemy import text

    from actions import maintenance
    if ctx.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL's autovacuum analyses by itself")

    def fill(table, n):
        ctx.execute(text(f"INSERT INTO {table} SELECT value FROM json_each(:v)"),
                    {"v": str(list(range(n)))})

    def counted(table):
        return ctx.execute(text("SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 "
                                "WHERE tbl = :t"), {"t": table}).scalar()

    tables = ("grown", "steady", "unseen", "reindexed")
    for table in tables:
        ctx.execute(text(f"CREATE TABLE {table} (n INTEGER)"))
        ctx.execute(text(f"CREATE INDEX ix_{table} ON {table} (n)"))
    try:
        fill("grown", 20)
        fill("steady", 3000)
        fill("reindexed", 40)
        for table in ("grown", "steady", "reindexed"):
            ctx.execute(text(f"ANALYZE {table}"))
        fill("grown", 5000)
        fill("steady", 10)
        fill("unseen", 50)
        ctx.execute(text("CREATE INDEX ix_reindexed_late ON reindexed (n, n)"))  # a migration's
        ctx.commit()

        maintenance.keep_statistics(ctx.get_bind())

        assert counted("grown") == 5020 and counted("unseen") == 50
        assert counted("steady") == 3000  # 10 rows more is not worth a new analysis
        assert ctx.execute(text("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_reindexed_late'"
                                )).scalar_one().startswith("40 ")
    finally:
        # The schema is shared by the whole test session: leave only the platform's tables.
        ctx.rollback()
        for table in tables:
            ctx.execute(text(f"DROP TABLE IF EXISTS {table}"))
        ctx.commit()
