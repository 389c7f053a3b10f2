"""Each developing person's next deadline and number of lights, kept on the person so that a
jurisdiction's deadlines are one indexed range and its lit people one indexed test
(person.dev_due_on, dev_due_what, dev_lights).

They are `pipeline.progress` of the person's file under the rule settings in force. They are
worked out again for every person whose file changes, when the transaction that changes it
commits (any person, development record, attachment or submission flushed in it); for everyone
when the rule settings change, after a bulk load, and once a day by the app's background runner
(a light can come on with the passing of time alone); and, for the people whose deadline has
just passed, hourly by the runner (the inspection period of an activist moves on with time).
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import bindparam, event, select, text, update
from sqlalchemy.orm import Session

from actions import clock
from actions.development import pipeline, rule_config
from models import DevAttachment, DevRecord, DevSubmission, Person
from models.codes import ON_ROLL

BATCH = 2000
FIRST_DAY = date(1900, 1, 1)  # before any deadline
_KEY = "dev_due_person_ids"
# Columns of a person that a development file reads.
_FILE_COLUMNS = ("stage", "status", "birth_date", "applied_on", "activist_on", "target_on",
                 "joined_on", "full_on")


def refresh(session, person_ids, today: date | None = None, settings=None) -> int:
    """Work out these people's next deadline and lights again; return how many changed."""
    ids = sorted({i for i in person_ids if i is not None})
    if not ids:
        return 0
    today = today or clock.today()
    settings = settings or rule_config.load(session)
    conn = session.connection()
    written = 0
    for at in range(0, len(ids), BATCH):
        chunk = ids[at:at + BATCH]
        people = conn.execute(select(Person.id, Person.dev_due_on, Person.dev_due_what,
                                     Person.dev_lights,
                                     *(getattr(Person, c) for c in _FILE_COLUMNS))
                              .where(Person.id.in_(chunk))).all()
        developing = [p for p in people if p.stage in pipeline.DEV_STAGES and p.status in ON_ROLL]
        files = pipeline.load_files(session, developing, today)
        kept = {pid: pipeline.progress(f, settings) for pid, f in files.items()}
        rows = []
        for p in people:  # only the values that changed are written
            k = kept.get(p.id)
            now = (k.deadline, k.deadline_label, k.lights) if k else (None, None, None)
            if now != (p.dev_due_on, p.dev_due_what, p.dev_lights):
                rows.append({"pid": p.id, "on": now[0], "what": now[1], "lights": now[2]})
        _write(conn, rows)
        written += len(rows)
    return written


def _write(conn, rows: list[dict]) -> None:
    """Store the deadlines: the table, not the ORM (a derived value, not a change to audit)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":  # one statement per batch, from arrays
        conn.execute(text(
            "UPDATE person AS p SET dev_due_on = v.due_on, dev_due_what = v.due_what, "
            "       dev_lights = v.lights "
            "FROM (SELECT unnest(CAST(:ids AS integer[])) AS pid, "
            "             unnest(CAST(:ons AS date[])) AS due_on, "
            "             unnest(CAST(:whats AS varchar[])) AS due_what, "
            "             unnest(CAST(:lights AS integer[])) AS lights) AS v "
            "WHERE p.id = v.pid"),
            {"ids": [r["pid"] for r in rows], "ons": [r["on"] for r in rows],
             "whats": [r["what"] for r in rows], "lights": [r["lights"] for r in rows]})
        return
    conn.execute(update(Person.__table__).where(Person.__table__.c.id == bindparam("pid"))
                 .values(dev_due_on=bindparam("on"), dev_due_what=bindparam("what"),
                         dev_lights=bindparam("lights")), rows)


def refresh_all(session, today: date | None = None) -> int:
    """Every developing person's values again (after the rule settings change or a load, and
    daily)."""
    ids = session.execute(select(Person.id).where(
        (Person.stage.in_(pipeline.DEV_STAGES)) | Person.dev_due_on.is_not(None)
        | Person.dev_lights.is_not(None))).scalars().all()
    return refresh(session, ids, today)


def refresh_passed(session, today: date | None = None, days: int = 7) -> int:
    """The people whose deadline passed in the last `days` days (the runner, daily or more)."""
    today = today or clock.today()
    ids = session.execute(select(Person.id).where(
        Person.dev_due_on >= today - timedelta(days=days), Person.dev_due_on < today)
    ).scalars().all()
    return refresh(session, ids, today)


def due_by(day: date):
    """SQL: a deadline on or before `day` (a two-sided range of the deadline index)."""
    return Person.dev_due_on.between(FIRST_DAY, day)


# --- the session hook ----------------------------------------------------------------------

def _after_flush(session, flush_context) -> None:
    found = session.info.setdefault(_KEY, set())
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, (DevRecord, DevSubmission, DevAttachment)):
            found.add(obj.person_id)
        elif isinstance(obj, Person) and (obj in session.new or _changed(obj)):
            found.add(obj.id)


def _changed(person: Person) -> bool:
    state = person._sa_instance_state
    return any(state.attrs[c].history.has_changes() for c in _FILE_COLUMNS)


def _before_commit(session) -> None:
    session.flush()
    ids = session.info.pop(_KEY, None)
    if ids:
        refresh(session, ids)


def _after_rollback(session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_KEY, None)


def install() -> None:
    """Attach the hook to every ORM session once per process."""
    for name, fn in (("after_flush", _after_flush), ("before_commit", _before_commit),
                     ("after_soft_rollback", _after_rollback)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)

