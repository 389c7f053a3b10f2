"""home page count indexes: letters waiting for their receipt by issue date (a partial index),
active children of an organisation

Revision ID: 0025
Revises: 0024
"""
import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

RECEIPT_OPEN = "receipt_returned_on IS NULL AND status IN ('pending', 'issued', 'accepted')"


def upgrade():
    op.create_index("ix_transfer_receipt_open", "transfer", ["issued_on", "from_org_path", "id"],
                    sqlite_where=sa.text(RECEIPT_OPEN), postgresql_where=sa.text(RECEIPT_OPEN))
    op.create_index("ix_organization_parent_id_status", "organization", ["parent_id", "status"])
    if op.get_bind().dialect.name == "sqlite":  # statistics for the planner's new choices
        op.execute("ANALYZE transfer")
        op.execute("ANALYZE organization")


def downgrade():
    op.drop_index("ix_organization_parent_id_status", table_name="organization")
    op.drop_index("ix_transfer_receipt_open", table_name="transfer")
