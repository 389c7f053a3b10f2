"""export_job: one open job per user and list

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

OPEN = "status IN ('queued', 'running')"


def upgrade():
    # Older duplicates (from before the rule) keep only their newest open job open.
    op.execute("UPDATE export_job SET status = 'failed', error = '同一列表已有较新的导出任务' "
               f"WHERE {OPEN} AND id NOT IN (SELECT max(id) FROM export_job WHERE {OPEN} "
               "GROUP BY user_id, endpoint)")
    op.create_index("uq_export_job_open", "export_job", ["user_id", "endpoint"], unique=True,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade():
    op.drop_index("uq_export_job_open", table_name="export_job")
