"""person.dues_paid_to kept by dues_payment triggers; each person's next development deadline;
indexes for stage, arrears and deadline counts

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


# A frozen copy of models.records.DUES_PAID_DDL as of this revision.
def _paid_to(person):
    return (f"UPDATE person SET dues_paid_to = (SELECT max(month_to) FROM dues_payment "
            f"WHERE person_id = {person}) WHERE id = {person}")


TRIGGERS = {
    "postgresql": [
        f"""
CREATE OR REPLACE FUNCTION person_dues_paid_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_paid_to("OLD.person_id")};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {_paid_to("NEW.person_id")};
    END IF;
    RETURN NULL;
END
$$""",
        "CREATE TRIGGER dues_payment_paid_to AFTER INSERT OR DELETE OR UPDATE OF person_id, "
        "month_to ON dues_payment FOR EACH ROW EXECUTE FUNCTION person_dues_paid_keep()",
    ],
    "sqlite": [
        f"CREATE TRIGGER dues_payment_paid_insert AFTER INSERT ON dues_payment "
        f"BEGIN {_paid_to('NEW.person_id')}; END",
        f"CREATE TRIGGER dues_payment_paid_delete AFTER DELETE ON dues_payment "
        f"BEGIN {_paid_to('OLD.person_id')}; END",
        f"CREATE TRIGGER dues_payment_paid_change AFTER UPDATE OF person_id, month_to "
        f"ON dues_payment BEGIN {_paid_to('OLD.person_id')}; {_paid_to('NEW.person_id')}; END",
    ],
}
NAMES = {"postgresql": ("dues_payment_paid_to",),
         "sqlite": ("dues_payment_paid_insert", "dues_payment_paid_delete",
                    "dues_payment_paid_change")}


def upgrade():
    op.add_column("person", sa.Column("dues_paid_to", sa.Date(), nullable=True))
    op.execute("UPDATE person SET dues_paid_to = (SELECT max(month_to) FROM dues_payment "
               "WHERE person_id = person.id) "
               "WHERE id IN (SELECT person_id FROM dues_payment)")
    op.create_index("ix_person_stage_status_org_path", "person",
                    ["stage", "status", "org_path", "id"])
    op.create_index("ix_person_dues_paid_to_org_path", "person",
                    ["dues_paid_to", "org_path", "stage", "status", "management"])
    for statement in TRIGGERS[op.get_bind().dialect.name]:
        op.execute(statement)
    op.add_column("person", sa.Column("dev_due_on", sa.Date(), nullable=True))
    op.add_column("person", sa.Column("dev_due_what", sa.String(length=20), nullable=True))
    op.create_index("ix_person_dev_due_on_org_path", "person",
                    ["dev_due_on", "org_path", "stage", "status", "id"])
    # The deadlines are worked out at the end of the chain (0020), by the rules of the code
    # being installed, which also read columns added after this revision.


def downgrade():
    dialect = op.get_bind().dialect.name
    for name in NAMES[dialect]:
        op.execute(f"DROP TRIGGER IF EXISTS {name}"
                   + (" ON dues_payment" if dialect == "postgresql" else ""))
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS person_dues_paid_keep()")
    op.drop_index("ix_person_dev_due_on_org_path", table_name="person")
    op.drop_column("person", "dev_due_what")
    op.drop_column("person", "dev_due_on")
    op.drop_index("ix_person_dues_paid_to_org_path", table_name="person")
    op.drop_index("ix_person_stage_status_org_path", table_name="person")
    op.drop_column("person", "dues_paid_to")
