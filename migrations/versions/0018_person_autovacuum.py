"""person: vacuumed after 1% of its rows change (PostgreSQL), so counts stay index-only

Revision ID: 0018
Revises: 0017
"""
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# The home page's and the lists' counts are index-only scans of person's indexes, which
# PostgreSQL can use only for pages its visibility map marks all-visible. By default autovacuum
# waits for 20% of a table to change: at a million people, one settings save (a new deadline
# for every developing person) or one import leaves most pages unmarked and those counts read
# the table instead.
SETTINGS = {
    "autovacuum_vacuum_scale_factor": "0.01",
    "autovacuum_vacuum_insert_scale_factor": "0.01",
    "autovacuum_analyze_scale_factor": "0.02",
}


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        values = ", ".join(f"{k} = {v}" for k, v in SETTINGS.items())
        op.execute(f"ALTER TABLE person SET ({values})")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE person RESET ({', '.join(SETTINGS)})")
