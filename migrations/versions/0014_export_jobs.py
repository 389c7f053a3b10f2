"""export_job: long list exports written in the background

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "export_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("endpoint", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("export_type", sa.String(length=8), nullable=False),
        sa.Column("args", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rows_expected", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"],
                                name="fk_export_job_user_id_app_user"),
        sa.PrimaryKeyConstraint("id", name="pk_export_job"),
    )
    op.create_index("ix_export_job_status_heartbeat_at", "export_job", ["status", "heartbeat_at"])
    op.create_index("ix_export_job_user_id_created_at", "export_job", ["user_id", "created_at"])


def downgrade():
    op.drop_index("ix_export_job_user_id_created_at", table_name="export_job")
    op.drop_index("ix_export_job_status_heartbeat_at", table_name="export_job")
    op.drop_table("export_job")
