"""Helpers shared by the development screens: scoped person lookup, settings, page data."""
from __future__ import annotations

import json
from dataclasses import replace

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select

from actions.development import file as devfile
from actions.development import rule_config, rules, submissions
from actions.development.catalogue import KINDS, STAGES, SUBMISSION_STATUS, SUBMISSIONS, recordable
from actions.development.records import locked_kinds, report_counts, shown_records
from actions.scoping import in_scope
from models import DevRecord, DevSubmission, Person, db


def settings():
    """Return the rule settings in force (stored in the database, set on 系统管理 → 发展党员规则设置)."""
    cached = g.get("_dev_rule_settings")
    if cached is None:
        cached = g._dev_rule_settings = rule_config.load(db.session)
    return cached


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
    steps = rules.lights(f, s, results)
    records = db.session.execute(
        select(DevRecord).where(DevRecord.person_id == person.id)
        .order_by(DevRecord.on_date, DevRecord.id)).scalars().all()
    by_kind: dict[str, list] = {}
    for rec in records:
        by_kind.setdefault(rec.kind, []).append(rec)
    printed: dict[str, list] = {}
    for rec in shown_records(person, records):
        printed.setdefault(rec.kind, []).append(rec)
    subs = db.session.execute(
        select(DevSubmission).where(DevSubmission.person_id == person.id)
        .order_by(DevSubmission.id)).scalars().all()
    return {
        "person": person, "file": f, "settings": s, "results": results,
        "steps": steps, "stages": STAGES, "kinds": KINDS,
        "stage_versions": rules.stage_versions(steps),
        "by_kind": by_kind, "printed": printed, "submissions": subs,
        "report_counts": lambda rec: report_counts(rec.status, rec.on_date, person.activist_on), "submission_kinds": SUBMISSIONS,
        "submission_status": SUBMISSION_STATUS, "locked": locked_kinds(db.session, person.id),
        "recordable": lambda kind: recordable(kind, person.stage),
        "terminations": by_kind.get("termination", []),
        "can_write": current_user.can("operator") and person.status == "normal",
        "available": [(k, len(rules.warnings(replace(f, submitting=k.code), s)),
                       submissions.blocker(db.session, person, k.code))
                      for k in SUBMISSIONS.values() if k.stage == person.stage],
        "snapshot": lambda sub: json.loads(sub.warnings or "[]"),
    }
