"""The audit log as people read it: a table of Chinese field labels with old → new values,
and the login bookkeeping (last login time, failed attempts) kept out of the way."""
from __future__ import annotations

import json
from datetime import datetime

from flask import request
from markupsafe import Markup, escape
from sqlalchemy import and_, not_

from actions import clock
from actions.privacy import mask_ids_in
from models import AuditLog, db

# What the login writes on the user row: not a business operation.
LOGIN_FIELDS = ("last_login_at", "failed_logins", "locked_until")


def login_bookkeeping():
    """SQL: entries the login itself wrote (the system updating a user's login fields)."""
    return and_(AuditLog.object_type.in_(("app_user", "portal_account")),
                AuditLog.action.in_(("update", "bulk_update")), AuditLog.username == "系统")


def without_logins(query):
    """Hide login bookkeeping from the list unless asked for (?logins=1); details still open."""
    if request.args.get("logins") == "1" or (request.endpoint or "").endswith(".details_view"):
        return query
    return query.filter(not_(login_bookkeeping()))


def _labels(object_type: str) -> dict[str, str]:
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        if getattr(cls, "__tablename__", None) == object_type:
            return dict(getattr(cls, "__labels__", {}))
    return {}


# Keys of a bulk write's entry besides the columns it set.
BULK_LABELS = {"rows": "影响行数", "people": "涉及人员", "batch_id": "批次号"}


def _value(value) -> str:
    if value is None or value == "":
        return "（空）"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            return clock.format_time(datetime.fromisoformat(value))
        except ValueError:
            pass
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def changes_table(view, context, model, name):
    """Format the JSON diff {column: [old, new]} as a table; other shapes as plain text."""
    raw = mask_ids_in(getattr(model, name))  # the audit log shows ID numbers masked
    if not raw:
        return ""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        return raw
    if not isinstance(data, dict):
        return _value(data)
    labels = {**BULK_LABELS, **_labels(model.object_type)}
    rows = []
    for col, change in data.items():
        if col == "statement":  # the SQL of a bulk write: for the database, not for a reader
            continue
        old, new = (change if isinstance(change, list) and len(change) == 2 else (None, change))
        rows.append(f"<tr><th scope='row'>{escape(labels.get(col, col))}</th>"
                    f"<td>{escape(_value(old))}</td><td>→</td><td>{escape(_value(new))}</td></tr>")
    return Markup("<table class='table table-sm table-bordered mb-0 audit-changes'>"
                  "<thead><tr><th scope='col'>字段</th><th scope='col'>原值</th><th></th>"
                  "<th scope='col'>新值</th></tr></thead><tbody>" + "".join(rows)
                  + "</tbody></table>")
