"""Each organisation's current leadership team, kept by triggers on org_team.

`organization.team_id` is the organisation's latest elected team (ties: the highest id) and
`organization.team_ends_on` its end of term, or both NULL for an organisation without a team.
Every insert, delete and change of a team's organisation, election date or end of term looks
the current team up again for the organisation it left and the one it joined, so every way of
writing teams (the actions, bulk loads, a console) keeps them exact. The 换届提醒 count then
reads organisations alone.
"""
from __future__ import annotations

from sqlalchemy import event

from models.base import db

TRACKED = "org_id, elected_on, term_ends_on"
NAMES = ("org_team_current_insert", "org_team_current_delete", "org_team_current_change")


def _set_current(org_id: str, but: str = "") -> str:
    """SET clause of the current team of the organisation `org_id` (SQL), NULLs if none."""
    return ("SET (team_id, team_ends_on) = (SELECT t.id, t.term_ends_on FROM org_team AS t "
            f"WHERE t.org_id = {org_id}{but} ORDER BY t.elected_on DESC, t.id DESC LIMIT 1)")


def refresh(org_id: str, but: str = "") -> str:
    """UPDATE of one organisation's current team; `org_id` is SQL (NEW.org_id, OLD.org_id)."""
    return f"UPDATE organization {_set_current(org_id, but)} WHERE id = {org_id}"


def _changed(differ: str) -> str:
    return " OR ".join(f"OLD.{c} {differ} NEW.{c}" for c in TRACKED.split(", "))


def ddl(dialect: str) -> list[str]:
    """The statements that keep the current team on `dialect` (after both tables exist)."""
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
        {refresh("OLD.org_id", " AND t.id <> OLD.id")};
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        PERFORM 1 FROM organization WHERE id = OLD.org_id FOR UPDATE;
        {refresh("OLD.org_id")};
    END IF;
    IF TG_OP = 'INSERT' OR NEW.org_id <> OLD.org_id THEN
        PERFORM 1 FROM organization WHERE id = NEW.org_id FOR UPDATE;
        {refresh("NEW.org_id")};
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
        f"BEGIN {refresh('NEW.org_id')}; END",
        f"CREATE TRIGGER org_team_current_delete AFTER DELETE ON org_team "
        f"BEGIN {refresh('OLD.org_id')}; END",
        f"CREATE TRIGGER org_team_current_change AFTER UPDATE OF {TRACKED} ON org_team "
        f"WHEN {_changed('IS NOT')} BEGIN {refresh('OLD.org_id')}; "
        f"{refresh('NEW.org_id')} AND NEW.org_id <> OLD.org_id; END",
    ]


def drop_ddl(dialect: str) -> list[str]:
    """The statements that remove the triggers (the function stays on PostgreSQL)."""
    on = " ON org_team" if dialect == "postgresql" else ""
    return [f"DROP TRIGGER IF EXISTS {name}{on}" for name in NAMES]


def refresh_all(dialect: str) -> list[str]:
    """Set every organisation's current team from org_team at once (after a bulk load)."""
    if dialect == "postgresql":
        return [
            "UPDATE organization AS o SET team_id = c.id, team_ends_on = c.term_ends_on "
            "FROM (SELECT DISTINCT ON (org_id) org_id, id, term_ends_on FROM org_team "
            "ORDER BY org_id, elected_on DESC, id DESC) AS c WHERE o.id = c.org_id "
            "AND (o.team_id IS DISTINCT FROM c.id OR o.team_ends_on IS DISTINCT FROM c.term_ends_on)",
            "UPDATE organization SET team_id = NULL, team_ends_on = NULL WHERE team_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM org_team WHERE org_id = organization.id)",
        ]
    return [f"UPDATE organization {_set_current('organization.id')}"]


def _install(target, connection, **kw) -> None:
    if connection.dialect.name in ("postgresql", "sqlite"):
        for statement in ddl(connection.dialect.name):
            connection.exec_driver_sql(statement)


# create_all (a database made without the migrations): once every table exists.
event.listen(db.metadata, "after_create", _install)
