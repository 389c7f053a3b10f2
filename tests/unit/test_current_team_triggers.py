"""The current-team triggers: the migrated ones are the models', and create_all installs them."""
from datetime import date, datetime

from sqlalchemy import create_engine, insert, select, text

from models import Organization, OrgTeam, db
from models.current_team import NAMES, ddl


def test_the_migrated_current_team_triggers_are_the_models(ctx):
    dialect = db.engine.dialect.name

    with db.engine.connect() as conn:
        if dialect == "sqlite":
            found = dict(conn.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all())
            assert [found.get(name) for name in NAMES] == ddl(dialect)
        else:  # PostgreSQL keeps the function's source as written, the triggers reworded
            names = set(conn.execute(text(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
            body = conn.execute(text("SELECT prosrc FROM pg_proc "
                                     "WHERE proname = 'org_team_current_keep'")).scalar_one()
            assert set(NAMES) <= names
            assert body == ddl(dialect)[0].split("$$")[1]


def _fresh_engine(tmp_path):
    """An empty database of the engine under test: a file on SQLite, a schema on PostgreSQL."""
    if db.engine.dialect.name != "postgresql":
        return create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS fresh_team CASCADE; CREATE SCHEMA fresh_team"))
    return create_engine(db.engine.url, connect_args={"options": "-csearch_path=fresh_team"})


def test_a_schema_made_from_the_models_keeps_the_current_team(ctx, tmp_path):
    ctx.rollback()
    engine = _fresh_engine(tmp_path)
    try:
        db.metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(insert(Organization).values(
                id=1, path="000001.", depth=0, code="001", name="甲", kind="branch",
                requires_approval=False, status="active", created_at=datetime(2024, 1, 1)))
            for elected, ends in ((date(2023, 5, 1), date(2026, 5, 1)),
                                  (date(2020, 5, 1), date(2023, 5, 1))):
                conn.execute(insert(OrgTeam).values(
                    org_id=1, election_method="1", elected_on=elected, term_ends_on=ends,
                    created_at=datetime(2024, 1, 1)))
            current = conn.execute(select(Organization.team_ends_on)).scalar_one()

        assert current == date(2026, 5, 1)
    finally:
        engine.dispose()
        if engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA IF EXISTS fresh_team CASCADE"))


def test_a_bulk_load_of_teams_sets_the_current_teams_once_and_restores_the_triggers(ctx, city):
    from actions.orgs import team as org_team

    def write(conn, org, elected, ends):
        conn.execute(insert(OrgTeam).values(
            org_id=org.id, election_method="1", elected_on=elected, term_ends_on=ends,
            created_at=datetime(2024, 1, 1)))

    def current(conn, org):
        return conn.execute(select(Organization.team_ends_on)
                            .where(Organization.id == org.id)).scalar_one()

    ctx.commit()
    with db.engine.begin() as conn:
        with org_team.loading(conn):
            write(conn, city.branch_a1a, date(2023, 5, 1), date(2026, 5, 1))
            write(conn, city.branch_a1a, date(2020, 5, 1), date(2023, 5, 1))
            assert current(conn, city.branch_a1a) is None  # not yet: no trigger ran
        write(conn, city.branch_a1b, date(2021, 5, 1), date(2024, 5, 1))  # triggers again

        assert current(conn, city.branch_a1a) == date(2026, 5, 1)
        assert current(conn, city.branch_a1b) == date(2024, 5, 1)
