"""audit guard: triggers make audit_log append-only; the archive's permit table

Revision ID: 0012
Revises: 0011

"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# A frozen copy of models.audit.GUARD_DDL as of this revision.
GUARD = {
    "postgresql": [
        """
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM audit_archive_permit p
                   WHERE OLD.at < p.before
                     AND OLD.at < (now() AT TIME ZONE 'UTC')
                                  - make_interval(days => GREATEST(p.retention_days, 180))) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION USING MESSAGE = 'audit_log is append-only: ' || TG_OP || ' refused',
                          ERRCODE = 'insufficient_privilege';
END
$$""",
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_guard()",
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard()",
    ],
    "sqlite": [
        """
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
END""",
        """
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_archive_permit p
                 WHERE OLD.at < p.before
                   AND OLD.at < datetime('now', '-' || max(p.retention_days, 180) || ' days'))
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
END""",
    ],
}
UNGUARD = {
    "postgresql": ["DROP TRIGGER audit_log_no_truncate ON audit_log",
                   "DROP TRIGGER audit_log_no_change ON audit_log",
                   "DROP FUNCTION audit_log_guard()"],
    "sqlite": ["DROP TRIGGER audit_log_no_delete", "DROP TRIGGER audit_log_no_update"],
}


def upgrade():
    op.create_table(
        "audit_archive_permit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("before", sa.DateTime(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_archive_permit")),
    )
    for statement in GUARD.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    for statement in UNGUARD.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    op.drop_table("audit_archive_permit")
