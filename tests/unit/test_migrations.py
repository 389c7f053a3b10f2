"""The Alembic revisions and the models describe the same schema."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models import db


def test_migrations_match_the_models(ctx):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)

    assert diff == []


def test_every_revision_downgrades_and_upgrades_again(app, ctx):
    from flask_migrate import downgrade, upgrade

    ctx.remove()
    downgrade(revision="base")
    upgrade()

    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []
