"""person.here_path: where a flowing member is now (second scope range)

Revision ID: 0012
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "here_path", sa.String(length=255).with_variant(sa.String(length=255, collation="C"),
                                                           "postgresql"), nullable=True))
        batch_op.create_index("ix_person_here_path_id", ["here_path", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_here_path_id")
        batch_op.drop_column("here_path")
