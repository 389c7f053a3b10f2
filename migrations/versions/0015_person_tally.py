"""person_tally: counts of people per organisation subtree, kept by triggers on person

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# A frozen copy of models.tally's trigger DDL and actions.stats.tally.rebuild as of this revision.
LEVELS = " UNION ALL ".join(f"SELECT {7 * d} AS k" for d in range(1, 36 + 1))
KEY = "path, here, stage, status, management"
TRACKED = ("org_path", "stage", "status", "management")


def _rows(row, sign):
    return (f"INSERT INTO person_tally ({KEY}, n, folded) "
            f"SELECT substr({row}.org_path, 1, lv.k), lv.k = length({row}.org_path), {row}.stage, "
            f"{row}.status, {row}.management, {sign}, false "
            f"FROM ({LEVELS}) AS lv WHERE lv.k <= length({row}.org_path)")


def _triggers(dialect):
    columns = ", ".join(TRACKED)
    if dialect == "postgresql":
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in TRACKED)
        return [
            f"""
CREATE OR REPLACE FUNCTION person_tally_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_rows("OLD", -1)};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {_rows("NEW", 1)};
    END IF;
    RETURN NULL;
END
$$""",
            "CREATE TRIGGER person_tally_write AFTER INSERT OR DELETE ON person "
            "FOR EACH ROW EXECUTE FUNCTION person_tally_keep()",
            f"CREATE TRIGGER person_tally_change AFTER UPDATE OF {columns} ON person "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION person_tally_keep()",
        ]
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in TRACKED)
    return [
        f"CREATE TRIGGER person_tally_insert AFTER INSERT ON person BEGIN {_rows('NEW', 1)}; END",
        f"CREATE TRIGGER person_tally_delete AFTER DELETE ON person BEGIN {_rows('OLD', -1)}; END",
        f"CREATE TRIGGER person_tally_change AFTER UPDATE OF {columns} ON person "
        f"WHEN {changed} BEGIN {_rows('OLD', -1)}; {_rows('NEW', 1)}; END",
    ]


REBUILD = (
    f"INSERT INTO person_tally ({KEY}, n, folded) "
    "SELECT substr(g.org_path, 1, lv.k), lv.k = length(g.org_path), g.stage, g.status, "
    "g.management, sum(g.c), true "
    "FROM (SELECT org_path, stage, status, management, count(*) AS c FROM person "
    "      GROUP BY org_path, stage, status, management) AS g "
    f"JOIN ({LEVELS}) AS lv ON lv.k <= length(g.org_path) "
    "GROUP BY substr(g.org_path, 1, lv.k), lv.k = length(g.org_path), g.stage, g.status, "
    "g.management")


def upgrade():
    path = sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql")
    op.create_table(
        "person_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", path, nullable=False),
        sa.Column("here", sa.Boolean(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("management", sa.String(length=10), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("folded", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_person_tally"),
    )
    op.create_index("ix_person_tally_key", "person_tally",
                    ["path", "here", "stage", "status", "management", "n"])
    op.create_index("ix_person_tally_unfolded", "person_tally", ["folded", "id"])
    dialect = op.get_bind().dialect.name
    for statement in _triggers(dialect):
        op.execute(statement)
    op.execute(REBUILD)


def downgrade():
    dialect = op.get_bind().dialect.name
    names = ("person_tally_write", "person_tally_change") if dialect == "postgresql" else (
        "person_tally_insert", "person_tally_delete", "person_tally_change")
    for name in names:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (" ON person" if dialect == "postgresql" else ""))
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS person_tally_keep()")
    op.drop_index("ix_person_tally_unfolded", table_name="person_tally")
    op.drop_index("ix_person_tally_key", table_name="person_tally")
    op.drop_table("person_tally")
