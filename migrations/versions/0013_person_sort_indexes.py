"""person: (column, org_path, id) indexes for the lists sorted by a date

Revision ID: 0013
Revises: 0012
"""
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

COLUMNS = ("birth_date", "applied_on", "joined_on")


def upgrade():
    for column in COLUMNS:
        op.create_index(f"ix_person_{column}_org_path", "person", [column, "org_path", "id"])


def downgrade():
    for column in COLUMNS:
        op.drop_index(f"ix_person_{column}_org_path", table_name="person")
