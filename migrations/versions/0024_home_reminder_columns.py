"""organization.team_id and team_ends_on (the current team, kept by triggers on org_team) and
flow.dest_org_path, with the indexes the home page's 换届提醒 and 流入党员待接收 counts read

Revision ID: 0024
Revises: 0023
"""
import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

FK = "fk_organization_team_id_org_team"
DUE_INDEX = "ix_organization_status_team_ends_on_path"
AWAITING_INDEX = "ix_flow_awaiting_dest_org_path"
AWAITING = "status = 'out' AND received_on IS NULL"

# A frozen copy of models.current_team's DDL as of this revision.
TRACKED = "org_id, elected_on, term_ends_on"
NAMES = ("org_team_current_insert", "org_team_current_delete", "org_team_current_change")


def _set_current(org_id, but=""):
    return ("SET (team_id, team_ends_on) = (SELECT t.id, t.term_ends_on FROM org_team AS t "
            f"WHERE t.org_id = {org_id}{but} ORDER BY t.elected_on DESC, t.id DESC LIMIT 1)")


def _refresh(org_id, but=""):
    return f"UPDATE organization {_set_current(org_id, but)} WHERE id = {org_id}"


def _changed(differ):
    return " OR ".join(f"OLD.{c} {differ} NEW.{c}" for c in TRACKED.split(", "))


def _triggers(dialect):
    if dialect == "postgresql":
        # A team is deleted BEFORE: organization.team_id must stop naming it before the foreign
        # key's check at the end of the statement. The row lock makes a concurrent writer of
        # the same organisation's teams wait, then look again with a snapshot that sees the
        # teams the first one committed.
        return [
            f"""
CREATE OR REPLACE FUNCTION org_team_current_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM 1 FROM organization WHERE id = OLD.org_id FOR UPDATE;
        {_refresh("OLD.org_id", " AND t.id <> OLD.id")};
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        PERFORM 1 FROM organization WHERE id = OLD.org_id FOR UPDATE;
        {_refresh("OLD.org_id")};
    END IF;
    IF TG_OP = 'INSERT' OR NEW.org_id <> OLD.org_id THEN
        PERFORM 1 FROM organization WHERE id = NEW.org_id FOR UPDATE;
        {_refresh("NEW.org_id")};
    END IF;
    RETURN NULL;
END
$$""",
            "CREATE TRIGGER org_team_current_insert AFTER INSERT ON org_team "
            "FOR EACH ROW EXECUTE FUNCTION org_team_current_keep()",
            "CREATE TRIGGER org_team_current_delete BEFORE DELETE ON org_team "
            "FOR EACH ROW EXECUTE FUNCTION org_team_current_keep()",
            f"CREATE TRIGGER org_team_current_change AFTER UPDATE OF {TRACKED} ON org_team "
            f"FOR EACH ROW WHEN ({_changed('IS DISTINCT FROM')}) "
            "EXECUTE FUNCTION org_team_current_keep()",
        ]
    # SQLite checks the foreign key at the end of the statement, after its triggers.
    return [
        f"CREATE TRIGGER org_team_current_insert AFTER INSERT ON org_team "
        f"BEGIN {_refresh('NEW.org_id')}; END",
        f"CREATE TRIGGER org_team_current_delete AFTER DELETE ON org_team "
        f"BEGIN {_refresh('OLD.org_id')}; END",
        f"CREATE TRIGGER org_team_current_change AFTER UPDATE OF {TRACKED} ON org_team "
        f"WHEN {_changed('IS NOT')} BEGIN {_refresh('OLD.org_id')}; "
        f"{_refresh('NEW.org_id')} AND NEW.org_id <> OLD.org_id; END",
    ]


# The backfills: one set-based UPDATE each (PostgreSQL joins; SQLite looks each row up).
FILL = {
    "postgresql": [
        "UPDATE organization AS o SET team_id = c.id, team_ends_on = c.term_ends_on "
        "FROM (SELECT DISTINCT ON (org_id) org_id, id, term_ends_on FROM org_team "
        "ORDER BY org_id, elected_on DESC, id DESC) AS c WHERE o.id = c.org_id",
        "UPDATE flow SET dest_org_path = o.path FROM organization AS o "
        "WHERE o.id = flow.dest_org_id",
    ],
    "sqlite": [
        f"UPDATE organization {_set_current('organization.id')} "
        "WHERE id IN (SELECT org_id FROM org_team)",
        "UPDATE flow SET dest_org_path = (SELECT path FROM organization "
        "WHERE id = flow.dest_org_id) WHERE dest_org_id IS NOT NULL",
    ],
}


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":  # no ALTER of constraints: the reference goes in the new column
        op.execute(f"ALTER TABLE organization ADD COLUMN team_id INTEGER CONSTRAINT {FK} "
                   "REFERENCES org_team (id)")
    else:
        op.add_column("organization", sa.Column("team_id", sa.Integer(), nullable=True))
    op.add_column("organization", sa.Column("team_ends_on", sa.Date(), nullable=True))
    path = sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql")
    op.add_column("flow", sa.Column("dest_org_path", path, nullable=True))
    for statement in _triggers(dialect) + FILL[dialect]:
        op.execute(statement)
    if dialect == "postgresql":  # checked once over the filled table, not row by row
        op.create_foreign_key(FK, "organization", "org_team", ["team_id"], ["id"])
    op.create_index(DUE_INDEX, "organization", ["status", "team_ends_on", "path"])
    op.create_index(AWAITING_INDEX, "flow", ["dest_org_path"],
                    sqlite_where=sa.text(AWAITING), postgresql_where=sa.text(AWAITING))
    # The fill rewrote every organisation row: until autovacuum (or a VACUUM (ANALYZE)
    # organization, flow) marks the pages all-visible again, the counts also read the table.


def downgrade():
    dialect = op.get_bind().dialect.name
    for name in NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}"
                   + (" ON org_team" if dialect == "postgresql" else ""))
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS org_team_current_keep()")
    op.drop_index(AWAITING_INDEX, table_name="flow")
    op.drop_column("flow", "dest_org_path")
    op.drop_index(DUE_INDEX, table_name="organization")
    if dialect == "postgresql":
        op.drop_constraint(FK, "organization", type_="foreignkey")
        op.drop_column("organization", "team_ends_on")
        op.drop_column("organization", "team_id")
        return
    # SQLite cannot drop a column that holds a reference: the table is copied without it, and
    # dropping the old copy must not check the references to organization (outside a
    # transaction, where SQLite takes this PRAGMA).
    op.execute("PRAGMA foreign_keys = OFF")
    try:
        with op.batch_alter_table("organization") as batch_op:
            batch_op.drop_column("team_ends_on")
            batch_op.drop_column("team_id")
    finally:
        op.execute("PRAGMA foreign_keys = ON")
