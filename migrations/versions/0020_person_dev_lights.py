"""person.dev_lights: each developing person's number of lights, kept with the deadline

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _stage_index(*extra: str) -> None:
    op.drop_index("ix_person_stage_status_org_path", table_name="person")
    op.create_index("ix_person_stage_status_org_path", "person",
                    ["stage", "status", "org_path", "id", *extra])


def upgrade():
    op.add_column("person", sa.Column("dev_lights", sa.Integer(), nullable=True))
    _stage_index("dev_lights")
    # Deadlines and lights are worked out by the platform's own rules (not frozen here: they
    # are the rules of the code being installed), for every developing person. This is the
    # last revision that adds a column these rules read; a later one that adds such a column
    # moves this step after it.
    from sqlalchemy.orm import Session

    from actions.development import deadlines

    session = Session(bind=op.get_bind())
    deadlines.refresh_all(session)
    session.flush()


def downgrade():
    _stage_index()
    op.drop_column("person", "dev_lights")
