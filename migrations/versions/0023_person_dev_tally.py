"""person_dev_tally: the development pipeline, committee queue and deadlines counted for the city
and its districts; each person's submission state kept by triggers on dev_submission; at most one
pending submission per person

Revision ID: 0023
Revises: 0022
"""
import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

# A frozen copy of models.submission_state and of models.tally's DEVELOPMENT as of this revision.
TABLE = "person_dev_tally"
LEVELS = "SELECT 7 AS k UNION ALL SELECT 14 AS k"  # the root and its children
COLUMNS = "path, stage, status, due_on, pending, pending_lit, receiving"
TRACKED = "org_path, stage, status, dev_due_on, dev_pending, dev_pending_lit, dev_receiving"
DAY = {"sqlite": "{}.dev_due_on", "postgresql": "to_char({}.dev_due_on, 'YYYY-MM-DD')"}
RECEIVING = "kind IN ('prereview', 'approval') AND status IN ('pending', 'approved')"


def _values(row, dialect):
    return (f"{row}.stage", f"{row}.status", f"coalesce({DAY[dialect].format(row)}, '')",
            f"coalesce({row}.dev_pending, '')", f"coalesce({row}.dev_pending_lit, false)",
            f"coalesce({row}.dev_receiving, false)")


def _rows(row, sign, dialect):
    return (f"INSERT INTO {TABLE} ({COLUMNS}, n, folded) "
            f"SELECT substr({row}.org_path, 1, lv.k), {', '.join(_values(row, dialect))}, "
            f"{sign}, false FROM ({LEVELS}) AS lv WHERE lv.k <= length({row}.org_path)")


def _changed(dialect):
    differ = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
    pairs = [("substr(OLD.org_path, 1, 14)", "substr(NEW.org_path, 1, 14)")]
    pairs += list(zip(_values("OLD", dialect), _values("NEW", dialect)))
    return " OR ".join(f"{old} {differ} {new}" for old, new in pairs)


def _tally_triggers(dialect):
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


def _refresh(person):
    pending = (f"FROM dev_submission WHERE person_id = {person} AND status = 'pending' "
               f"ORDER BY id DESC LIMIT 1")
    return (f"UPDATE person SET dev_pending = (SELECT kind {pending}), "
            f"dev_pending_lit = (SELECT warnings <> '[]' {pending}), "
            f"dev_receiving = EXISTS (SELECT 1 FROM dev_submission WHERE person_id = {person} "
            f"AND {RECEIVING}) WHERE id = {person}")


def _state_triggers(dialect):
    tracked = "person_id, kind, status, warnings"
    if dialect == "postgresql":
        return [
            f"""
CREATE OR REPLACE FUNCTION person_submission_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM 1 FROM person WHERE id = OLD.person_id FOR UPDATE;
        {_refresh("OLD.person_id")};
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.person_id <> OLD.person_id) THEN
        PERFORM 1 FROM person WHERE id = NEW.person_id FOR UPDATE;
        {_refresh("NEW.person_id")};
    END IF;
    RETURN NULL;
END
$$""",
            f"CREATE TRIGGER dev_submission_state AFTER INSERT OR DELETE OR UPDATE OF {tracked} "
            f"ON dev_submission FOR EACH ROW EXECUTE FUNCTION person_submission_keep()",
        ]
    return [
        f"CREATE TRIGGER dev_submission_state_insert AFTER INSERT ON dev_submission "
        f"BEGIN {_refresh('NEW.person_id')}; END",
        f"CREATE TRIGGER dev_submission_state_delete AFTER DELETE ON dev_submission "
        f"BEGIN {_refresh('OLD.person_id')}; END",
        f"CREATE TRIGGER dev_submission_state_change AFTER UPDATE OF {tracked} "
        f"ON dev_submission BEGIN {_refresh('OLD.person_id')}; {_refresh('NEW.person_id')}; END",
    ]


def _fill_state(dialect):
    """Everyone with a submission: set-based, before the tally is counted."""
    if dialect == "postgresql":
        return [
            "UPDATE person AS p SET dev_pending = s.kind, dev_pending_lit = s.warnings <> '[]' "
            "FROM dev_submission AS s WHERE s.person_id = p.id AND s.status = 'pending'",
            "UPDATE person AS p SET dev_receiving = true FROM (SELECT DISTINCT person_id "
            f"FROM dev_submission WHERE {RECEIVING}) AS s WHERE s.person_id = p.id",
            "UPDATE person AS p SET dev_receiving = false FROM (SELECT DISTINCT person_id "
            "FROM dev_submission) AS s WHERE s.person_id = p.id AND p.dev_receiving IS NULL",
        ]
    return [_refresh("person.id").replace(" WHERE id = person.id",
                                          " WHERE id IN (SELECT person_id FROM dev_submission)")]


def _fill_tally(dialect):
    """Count the people already there: grouped by their district's path, then spread."""
    values = ", ".join(f"{v} AS c{i}" for i, v in enumerate(_values("person", dialect)))
    outer = ", ".join(f"g.c{i}" for i in range(6))
    return (f"INSERT INTO {TABLE} ({COLUMNS}, n, folded) "
            f"SELECT substr(g.org_path, 1, lv.k), {outer}, sum(g.c), true "
            f"FROM (SELECT substr(person.org_path, 1, 14) AS org_path, {values}, count(*) AS c "
            f"FROM person GROUP BY 1, 2, 3, 4, 5, 6, 7) AS g "
            f"JOIN ({LEVELS}) AS lv ON lv.k <= length(g.org_path) GROUP BY 1, 2, 3, 4, 5, 6, 7")


def upgrade():
    dialect = op.get_bind().dialect.name
    op.add_column("person", sa.Column("dev_pending", sa.String(length=30), nullable=True))
    op.add_column("person", sa.Column("dev_pending_lit", sa.Boolean(), nullable=True))
    op.add_column("person", sa.Column("dev_receiving", sa.Boolean(), nullable=True))
    op.create_index("uq_dev_submission_pending", "dev_submission", ["person_id"], unique=True,
                    sqlite_where=sa.text("status = 'pending'"),
                    postgresql_where=sa.text("status = 'pending'"))
    for statement in _fill_state(dialect):
        op.execute(statement)
    for statement in _state_triggers(dialect):
        op.execute(statement)

    path = sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql")
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", path, nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.String(length=10), nullable=False),
        sa.Column("pending", sa.String(length=30), nullable=False),
        sa.Column("pending_lit", sa.Boolean(), nullable=False),
        sa.Column("receiving", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("folded", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_person_dev_tally"),
    )
    op.create_index("ix_person_dev_tally_key", TABLE,
                    ["path", "stage", "status", "due_on", "pending", "pending_lit", "receiving",
                     "n"])
    op.create_index("ix_person_dev_tally_unfolded", TABLE, ["folded", "id"])
    for statement in _tally_triggers(dialect):
        op.execute(statement)
    op.execute(_fill_tally(dialect))


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for name in ("write", "change"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name} ON person")
        op.execute(f"DROP FUNCTION IF EXISTS {TABLE}_keep()")
        op.execute("DROP TRIGGER IF EXISTS dev_submission_state ON dev_submission")
        op.execute("DROP FUNCTION IF EXISTS person_submission_keep()")
    else:
        for name in ("insert", "delete", "change"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
            op.execute(f"DROP TRIGGER IF EXISTS dev_submission_state_{name}")
    op.drop_index("ix_person_dev_tally_unfolded", table_name=TABLE)
    op.drop_index("ix_person_dev_tally_key", table_name=TABLE)
    op.drop_table(TABLE)
    op.drop_index("uq_dev_submission_pending", table_name="dev_submission")
    for column in ("dev_receiving", "dev_pending_lit", "dev_pending"):
        op.drop_column("person", column)
