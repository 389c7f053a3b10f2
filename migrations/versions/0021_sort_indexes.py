"""list sort indexes: every sortable column of a list leads an index (column, owner, id);
person: one way of management in a jurisdiction (management, org_path, id, stage, status), and
the stage index also holds the management;
dev_submission: the pending queue in its order (status, submitted_at, id, person_id)

Revision ID: 0021
Revises: 0020
"""
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# (table, sorted column, the row's owner or None): ix_<table>_<column>_sort on (column, owner, id).
SORTS = [
    ("activity", "held_on", "person_id"),
    ("dues_payment", "month_to", "person_id"),
    ("dues_payment", "paid_on", "person_id"),
    ("evaluation", "year", "person_id"),
    ("reward", "awarded_on", "person_id"),
    ("punishment", "punished_on", "person_id"),
    ("difficult_member", "since", "person_id"),
    ("assistance", "given_on", "person_id"),
    ("flow", "out_on", "person_id"),
    ("dev_submission", "submitted_at", "person_id"),
    ("volunteer", "registered_on", "person_id"),
    ("org_team", "term_ends_on", "org_id"),
    ("org_team", "elected_on", "org_id"),
    ("org_record", "held_on", "org_id"),
    ("activation_code", "created_at", "org_id"),
    ("audit_log", "at", "org_path"),
    ("transfer", "issued_on", None),
    ("organization", "name", None),
]
# Single-column indexes the sort indexes replace: (name, table, column).
REPLACED = [
    ("ix_assistance_given_on", "assistance", "given_on"),
    ("ix_org_team_term_ends_on", "org_team", "term_ends_on"),
    ("ix_audit_log_at", "audit_log", "at"),
]


def _columns(column, owner):
    return [column, *([owner] if owner else []), "id"]


def upgrade():
    for table, column, owner in SORTS:
        op.create_index(f"ix_{table}_{column}_sort", table, _columns(column, owner))
    for name, table, _column in REPLACED:
        op.drop_index(name, table_name=table)
    # A list sorted by 党代表层级 breaks its ties by term, person and id.
    op.drop_index("ix_delegate_level_term", table_name="delegate")
    op.create_index("ix_delegate_level_term", "delegate", ["level", "term", "person_id", "id"])
    op.create_index("ix_person_management_org_path", "person",
                    ["management", "org_path", "id", "stage", "status"])
    _stage_index("management")
    # The committee queue reads the pending submissions in the order it shows them.
    op.drop_index("ix_dev_submission_status", table_name="dev_submission")
    op.create_index("ix_dev_submission_status", "dev_submission",
                    ["status", "submitted_at", "id", "person_id"])
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's planner knows an index only by its statistics (PostgreSQL's are per column).
        for table in sorted({t for t, _c, _o in SORTS} | {"delegate", "person", "dev_submission"}):
            op.execute(f'ANALYZE "{table}"')


def _stage_index(*extra: str) -> None:
    op.drop_index("ix_person_stage_status_org_path", table_name="person")
    op.create_index("ix_person_stage_status_org_path", "person",
                    ["stage", "status", "org_path", "id", "dev_lights", *extra])


def downgrade():
    _stage_index()
    op.drop_index("ix_dev_submission_status", table_name="dev_submission")
    op.create_index("ix_dev_submission_status", "dev_submission", ["status"])
    op.drop_index("ix_person_management_org_path", table_name="person")
    op.drop_index("ix_delegate_level_term", table_name="delegate")
    op.create_index("ix_delegate_level_term", "delegate", ["level", "term"])
    for name, table, column in REPLACED:
        op.create_index(name, table, [column])
    for table, column, _owner in SORTS:
        op.drop_index(f"ix_{table}_{column}_sort", table_name=table)
