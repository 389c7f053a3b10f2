"""person: the date-sort indexes also hold management, stage and status

Revision ID: 0019
Revises: 0018
"""
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

COLUMNS = ("birth_date", "applied_on", "joined_on")
CATEGORY = ("management", "stage", "status")


def _recreate(extra: tuple[str, ...]) -> None:
    for column in COLUMNS:
        name = f"ix_person_{column}_org_path"
        op.drop_index(name, table_name="person")
        op.create_index(name, "person", [column, "org_path", "id", *extra])


def upgrade():
    _recreate(CATEGORY)


def downgrade():
    _recreate(())
