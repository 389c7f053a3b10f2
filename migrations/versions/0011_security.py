"""security: captcha challenges on the server, session generation of users

Revision ID: 0011
Revises: 0007

"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "captcha_challenge",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_captcha_challenge")),
    )
    with op.batch_alter_table("captcha_challenge", schema=None) as batch_op:
        batch_op.create_index("ix_captcha_challenge_issued_at", ["issued_at"], unique=False)
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_generation", sa.Integer(), server_default="0",
                                      nullable=False))


def downgrade():
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("session_generation")
    with op.batch_alter_table("captcha_challenge", schema=None) as batch_op:
        batch_op.drop_index("ix_captcha_challenge_issued_at")
    op.drop_table("captcha_challenge")
