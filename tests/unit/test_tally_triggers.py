"""The kept tallies' triggers in a migrated database are the ones the models would install."""
from sqlalchemy import text

from models import db
from models.tally import ALL, ddl, trigger_names


def test_the_migrated_tally_triggers_are_the_models(ctx):
    dialect = db.engine.dialect.name

    with db.engine.connect() as conn:
        if dialect == "sqlite":
            found = dict(conn.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all())
        else:
            found = {name: None for name in conn.execute(text(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()}
            bodies = dict(conn.execute(text(
                "SELECT proname, prosrc FROM pg_proc WHERE proname LIKE '%tally_keep'")).all())

    for kept in ALL:
        statements = ddl(kept, dialect)
        if dialect == "sqlite":
            assert [found.get(name) for name in trigger_names(kept, dialect)] == statements
        else:  # PostgreSQL keeps the function's source as written, the triggers reworded
            assert set(trigger_names(kept, dialect)) <= found.keys()
            assert bodies[f"{kept.table}_keep"] == statements[0].split("$$")[1]
