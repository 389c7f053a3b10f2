"""Helpers shared by the development screens: scoped person lookup, settings, page data."""
from __future__ import annotations

import json
from dataclasses import replace
import os
from functools import lru_cache

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import select

from actions.development import file as devfile
from actions.development import rules
from actions.development.catalogue import (KINDS, STAGES, SUBMISSION_STATUS, SUBMISSIONS,
                                           recordable)
from actions.development.records import locked_kinds
from actions.development.settings import from_mapping
from actions.scoping import in_scope
from models import DevRecord, DevSubmission, Person, db


def settings():
    """Return the rule settings: app.config["DEVELOPMENT_RULES"], else instance/development_rules.json."""
    data = current_app.config.get("DEVELOPMENT_RULES")
    if data is None:
        path = os.path.join(current_app.instance_path, "development_rules.json")
        if os.path.isfile(path):
            return _from_file(path, os.path.getmtime(path))
    return from_mapping(data)


@lru_cache(maxsize=4)
def _from_file(path: str, _mtime: float):
    with open(path, encoding="utf-8") as fh:
        return from_mapping(json.load(fh))


def scoped(model, pk: int):
    """Load a row by id or 404 when it does not exist or lies outside the user's scope."""
    row = db.session.get(model, pk)
    if row is None or not in_scope(row, current_user):
        abort(404)
    return row


def page_data(person: Person) -> dict:
    """Everything the development page and the printables show about one person."""
    s = settings()
    f = devfile.load(db.session, person)
    results = rules.evaluate(f, s)
    records = db.session.execute(
        select(DevRecord).where(DevRecord.person_id == person.id)
        .order_by(DevRecord.on_date, DevRecord.id)).scalars().all()
    by_kind: dict[str, list] = {}
    for rec in records:
        by_kind.setdefault(rec.kind, []).append(rec)
    subs = db.session.execute(
        select(DevSubmission).where(DevSubmission.person_id == person.id)
        .order_by(DevSubmission.id)).scalars().all()
    return {
        "person": person, "file": f, "settings": s, "results": results,
        "steps": rules.lights(f, s, results), "stages": STAGES, "kinds": KINDS,
        "by_kind": by_kind, "submissions": subs, "submission_kinds": SUBMISSIONS,
        "submission_status": SUBMISSION_STATUS, "locked": locked_kinds(db.session, person.id),
        "recordable": lambda kind: recordable(kind, person.stage),
        "terminations": by_kind.get("termination", []),
        "can_write": current_user.can("operator") and person.status == "normal",
        "available": [(k, len(rules.warnings(replace(f, submitting=k.code), s)))
                      for k in SUBMISSIONS.values() if k.stage == person.stage],
        "snapshot": lambda sub: json.loads(sub.warnings or "[]"),
    }
