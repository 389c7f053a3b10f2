"""Reserve primary keys before insert, so rows whose path embeds their id are written once."""
from __future__ import annotations

from sqlalchemy import func, select, text


def reserve_id(session, model) -> int:
    """Return an unused primary key for `model` (a sequence value on PostgreSQL)."""
    table = model.__table__
    if session.get_bind().dialect.name == "postgresql":
        return session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id'))"), {"t": table.name}
        ).scalar_one()
    return (session.execute(select(func.max(table.c.id))).scalar() or 0) + 1


def sync_sequence(session, model) -> None:
    """Move a PostgreSQL sequence past ids inserted explicitly (bulk loads)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    name = model.__table__.name
    session.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
        )
    )
