"""development rule settings in the database, calendar overrides, settings snapshot per submission

Revision ID: 0010
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "dev_rule_config",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_2026_from", sa.Date(), nullable=True),
        sa.Column("notice_required", sa.Boolean(), nullable=False),
        sa.Column("notice_working_days", sa.Integer(), nullable=False),
        sa.Column("report_months", sa.Integer(), nullable=True),
        sa.Column("inspection_months", sa.Integer(), nullable=False),
        sa.Column("activist_within_months", sa.Integer(), nullable=True),
        sa.Column("prereview_within_months", sa.Integer(), nullable=True),
        sa.Column("meeting_after_prereview_months", sa.Integer(), nullable=True),
        sa.Column("conversion_meeting_within_months", sa.Integer(), nullable=True),
        sa.Column("political_review_valid_months", sa.Integer(), nullable=True),
        sa.Column("oath_within_months", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["app_user.id"],
                                name=op.f("fk_dev_rule_config_updated_by_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dev_rule_config")),
    )
    op.create_table(
        "calendar_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"],
                                name=op.f("fk_calendar_day_created_by_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_day")),
        sa.UniqueConstraint("day", name=op.f("uq_calendar_day_day")),
    )
    with op.batch_alter_table("dev_submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rules", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("dev_submission", schema=None) as batch_op:
        batch_op.drop_column("rules")
    op.drop_table("calendar_day")
    op.drop_table("dev_rule_config")
