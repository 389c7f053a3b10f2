"""person_profile_tally: members by birth month and education for the city and its districts,
kept by triggers on person

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

# A frozen copy of models.tally's DDL and counting query for PROFILE as of this revision.
TABLE = "person_profile_tally"
LEVELS = "SELECT 7 AS k UNION ALL SELECT 14 AS k"  # the root and its children
COLUMNS = "path, dim, stage, status, management, value"
TRACKED = "org_path, stage, status, management, birth_date, education"
MONTH = {"sqlite": "substr({}.birth_date, 1, 7)", "postgresql": "to_char({}.birth_date, 'YYYY-MM')"}


def _values(row, dialect):
    keys = f"{row}.stage, {row}.status, {row}.management"
    return [("'month'", keys, f"coalesce({MONTH[dialect].format(row)}, '')"),
            ("'education'", keys, f"coalesce({row}.education, '')")]


def _rows(row, sign, dialect):
    selects = " UNION ALL ".join(
        f"SELECT substr({row}.org_path, 1, lv.k), {', '.join(v)}, {sign}, false "
        f"FROM ({LEVELS}) AS lv WHERE lv.k <= length({row}.org_path)"
        for v in _values(row, dialect))
    return f"INSERT INTO {TABLE} ({COLUMNS}, n, folded) {selects}"


def _changed(dialect):
    differ = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
    pairs = [("substr(OLD.org_path, 1, 14)", "substr(NEW.org_path, 1, 14)")]
    pairs += [(f"OLD.{c}", f"NEW.{c}") for c in ("stage", "status", "management")]
    pairs += [tuple(f"coalesce({MONTH[dialect].format(r)}, '')" for r in ("OLD", "NEW"))]
    pairs += [("coalesce(OLD.education, '')", "coalesce(NEW.education, '')")]
    return " OR ".join(f"{old} {differ} {new}" for old, new in pairs)


def _triggers(dialect):
    if dialect == "postgresql":
        return [
            f"""
CREATE OR REPLACE FUNCTION {TABLE}_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_rows("OLD", -1, dialect)};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {_rows("NEW", 1, dialect)};
    END IF;
    RETURN NULL;
END
$$""",
            f"CREATE TRIGGER {TABLE}_write AFTER INSERT OR DELETE ON person "
            f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_keep()",
            f"CREATE TRIGGER {TABLE}_change AFTER UPDATE OF {TRACKED} ON person "
            f"FOR EACH ROW WHEN ({_changed(dialect)}) EXECUTE FUNCTION {TABLE}_keep()",
        ]
    new, old = _rows("NEW", 1, dialect), _rows("OLD", -1, dialect)
    return [
        f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON person BEGIN {new}; END",
        f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON person BEGIN {old}; END",
        f"CREATE TRIGGER {TABLE}_change AFTER UPDATE OF {TRACKED} ON person "
        f"WHEN {_changed(dialect)} BEGIN {old}; {new}; END",
    ]


def _fill(dialect):
    """Count the people already there: grouped by their district's path, then spread."""
    parts = []
    for dim, _keys, value in _values("person", dialect):
        parts.append(
            "SELECT substr(g.org_path, 1, lv.k), g.dim, g.stage, g.status, g.management, "
            "g.value, sum(g.c), true "
            f"FROM (SELECT substr(person.org_path, 1, 14) AS org_path, {dim} AS dim, "
            f"person.stage AS stage, person.status AS status, person.management AS management, "
            f"{value} AS value, count(*) AS c FROM person GROUP BY 1, 2, 3, 4, 5, 6) AS g "
            f"JOIN ({LEVELS}) AS lv ON lv.k <= length(g.org_path) GROUP BY 1, 2, 3, 4, 5, 6")
    return f"INSERT INTO {TABLE} ({COLUMNS}, n, folded) " + " UNION ALL ".join(parts)


def upgrade():
    path = sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql")
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", path, nullable=False),
        sa.Column("dim", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("management", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=7), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("folded", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_person_profile_tally"),
    )
    op.create_index("ix_person_profile_tally_key", TABLE,
                    ["path", "dim", "stage", "status", "management", "value", "n"])
    op.create_index("ix_person_profile_tally_unfolded", TABLE, ["folded", "id"])
    dialect = op.get_bind().dialect.name
    for statement in _triggers(dialect):
        op.execute(statement)
    op.execute(_fill(dialect))


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for name in ("write", "change"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name} ON person")
        op.execute(f"DROP FUNCTION IF EXISTS {TABLE}_keep()")
    else:
        for name in ("insert", "delete", "change"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
    op.drop_index("ix_person_profile_tally_unfolded", table_name=TABLE)
    op.drop_index("ix_person_profile_tally_key", table_name=TABLE)
    op.drop_table(TABLE)
