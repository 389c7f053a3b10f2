"""A person's submission state, kept on his row by triggers on dev_submission.

person.dev_pending is the kind of his pending submission (a person has at most one: a partial
unique index on dev_submission), person.dev_pending_lit whether it carries lights, and
person.dev_receiving whether a prereview or an approval of his is pending or approved (the
manual's stage 4, 预备党员接收, while he is still a 发展对象). Every insert, change and delete
of a submission works the three values out again from his submissions, so they stay exact
through every write path, and the development tally (models.tally.DEVELOPMENT) follows them.

On PostgreSQL the trigger locks the person's row before it reads his submissions: a concurrent
writer of the same person's submissions waits, then reads with a snapshot taken after the lock,
which sees what the first one committed (an UPDATE that waited would otherwise keep its older
snapshot and write a state without the other's submission).
"""
from __future__ import annotations

from sqlalchemy import event

from models.base import db

RECEIVING_KINDS = ("prereview", "approval")
RECEIVING_STATUSES = ("pending", "approved")


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _refresh(person: str) -> str:
    """UPDATE of one person's submission state from his submissions (`person`: his id)."""
    pending = (f"FROM dev_submission WHERE person_id = {person} AND status = 'pending' "
               f"ORDER BY id DESC LIMIT 1")
    return (f"UPDATE person SET dev_pending = (SELECT kind {pending}), "
            f"dev_pending_lit = (SELECT warnings <> '[]' {pending}), "
            f"dev_receiving = EXISTS (SELECT 1 FROM dev_submission WHERE person_id = {person} "
            f"AND kind IN ({_quoted(RECEIVING_KINDS)}) "
            f"AND status IN ({_quoted(RECEIVING_STATUSES)})) "
            f"WHERE id = {person}")


TRACKED = "person_id, kind, status, warnings"

DDL = {
    "postgresql": [
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
        f"CREATE TRIGGER dev_submission_state AFTER INSERT OR DELETE OR UPDATE OF {TRACKED} "
        f"ON dev_submission FOR EACH ROW EXECUTE FUNCTION person_submission_keep()",
    ],
    "sqlite": [
        f"CREATE TRIGGER dev_submission_state_insert AFTER INSERT ON dev_submission "
        f"BEGIN {_refresh('NEW.person_id')}; END",
        f"CREATE TRIGGER dev_submission_state_delete AFTER DELETE ON dev_submission "
        f"BEGIN {_refresh('OLD.person_id')}; END",
        f"CREATE TRIGGER dev_submission_state_change AFTER UPDATE OF {TRACKED} "
        f"ON dev_submission BEGIN {_refresh('OLD.person_id')}; {_refresh('NEW.person_id')}; END",
    ],
}


def _install(target, connection, **kw) -> None:
    for statement in DDL.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)


event.listen(db.metadata, "after_create", _install)
