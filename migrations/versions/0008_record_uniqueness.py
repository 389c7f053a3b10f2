"""One record per member: uniqueness of activities, rewards, punishments and dues months

Revision ID: 0013
Revises: 0007
Create Date: 2026-12-02 00:10:00

Rows that two simultaneous batch entries duplicated before this revision are removed first
(the oldest copy is kept), so that the unique constraints can be created.
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# table -> (old index name, old index columns, [unique column lists])
CHANGES = {
    "activity": ("ix_activity_person_id_held_on", ["person_id", "held_on"],
                 [["person_id", "held_on", "title"]]),
    "reward": ("ix_reward_person_id_awarded_on", ["person_id", "awarded_on"],
               [["person_id", "awarded_on", "title"]]),
    "punishment": ("ix_punishment_person_id_punished_on", ["person_id", "punished_on"],
                   [["person_id", "punished_on", "kind"]]),
    "dues_payment": ("ix_dues_payment_person_id_month_to", ["person_id", "month_to"],
                     [["person_id", "month_from"], ["person_id", "month_to"]]),
}


def _remove_duplicates(table: str, columns: list[str]) -> None:
    same = " AND ".join(f"d.{c} = {table}.{c}" for c in columns)
    op.execute(f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM {table} d "
               f"WHERE {same} AND d.id < {table}.id)")


def upgrade():
    for table, (index, _cols, uniques) in CHANGES.items():
        for columns in uniques:
            _remove_duplicates(table, columns)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
            for columns in uniques:
                batch_op.create_unique_constraint(
                    batch_op.f(f"uq_{table}_{'_'.join(columns)}"), columns)


def downgrade():
    for table, (index, cols, uniques) in CHANGES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for columns in uniques:
                batch_op.drop_constraint(batch_op.f(f"uq_{table}_{'_'.join(columns)}"), type_="unique")
            batch_op.create_index(index, cols, unique=False)
