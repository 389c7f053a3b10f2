"""The audit hook: every insert, update and delete is written to the log in the same transaction.

Who and from where comes from a provider the application installs (the logged-in user and the
request address, or the user a CLI command acts as), so this module stays free of Flask.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Callable

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from models import AuditLog, Person, Scoped
from models.base import utcnow

VERBS = {"insert": "新增", "update": "修改", "delete": "删除"}
SECRET_FIELDS = {"password_hash", "code_hash"}
_PENDING = "_audit_pending"


def _value(v):
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


def _nobody() -> tuple[object | None, str | None]:
    return None, None


_provider: Callable[[], tuple[object | None, str | None]] = _nobody


def set_provider(fn: Callable[[], tuple[object | None, str | None]]) -> None:
    """Install the function that returns (actor, ip) for the current unit of work."""
    global _provider
    _provider = fn


def current_actor():
    return _provider()[0]


def current_ip():
    return _provider()[1]


def _labels(obj) -> dict:
    return getattr(type(obj), "__labels__", {}) or {}


def _person_id(obj):
    if isinstance(obj, Person):
        return obj.id
    return getattr(obj, "person_id", None)


def _scope_path(obj, actor):
    path = None
    if isinstance(obj, Scoped):
        try:
            path = obj.scope_path()
        except Exception:  # a half-built object must not break the write
            path = None
    if path is None and actor is not None and actor.org is not None:
        path = actor.org.path
    return path


def _columns(obj):
    return [a for a in inspect(obj).mapper.column_attrs]


def _snapshot(obj) -> dict:
    data = {}
    for attr in _columns(obj):
        key = attr.key
        data[key] = "***" if key in SECRET_FIELDS else _value(getattr(obj, key))
    return data


def _stored_values(session, obj, keys: list[str]) -> dict:
    """Read the committed values of attributes whose old value was not loaded (expired)."""
    if not keys:
        return {}
    mapper = inspect(obj).mapper
    table = mapper.local_table
    pk = mapper.primary_key_from_instance(obj)
    cond = [col == value for col, value in zip(mapper.primary_key, pk)]
    cols = [mapper.get_property(k).columns[0] for k in keys]
    row = session.connection().execute(select(*cols).select_from(table).where(*cond)).first()
    return dict(zip(keys, row)) if row is not None else {}


def _diff(session, obj) -> dict:
    state = inspect(obj)
    diff = {}
    changed = [a for a in _columns(obj) if state.attrs[a.key].history.has_changes()]
    unknown = [a.key for a in changed if not state.attrs[a.key].history.deleted
               and not state.attrs[a.key].history.unchanged]
    stored = _stored_values(session, obj, unknown)
    for attr in changed:
        hist = state.attrs[attr.key].history
        old = hist.deleted[0] if hist.deleted else stored.get(attr.key)
        new = hist.added[0] if hist.added else None
        if old == new or attr.key in ("updated_at", "version"):
            continue
        diff[attr.key] = ["***", "***"] if attr.key in SECRET_FIELDS else [_value(old), _value(new)]
    return diff


def _summary(action: str, obj, changes: dict) -> str:
    label = getattr(type(obj), "__label__", type(obj).__name__)
    text = f"{VERBS.get(action, action)}{label}「{str(obj)[:80]}」"
    if action == "update" and changes:
        names = [_labels(obj).get(k, k) for k in changes]
        text += "：" + "、".join(names)
    return text[:500]


def _entry(action: str, obj, changes: dict, actor) -> dict:
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    return {
        "at": utcnow(),
        "user_id": getattr(actor, "id", None),
        "username": getattr(actor, "username", None) or "系统",
        "actor_org_id": getattr(actor, "org_id", None),
        "org_path": _scope_path(obj, actor),
        "ip": current_ip(),
        "action": action,
        "object_type": type(obj).__tablename__,
        "object_id": ",".join(str(i) for i in ident) if any(i is not None for i in ident) else None,
        "person_id": _person_id(obj),
        "changes": json.dumps(changes, ensure_ascii=False),
        "summary": _summary(action, obj, changes),
    }


def _auditable(obj) -> bool:
    return not isinstance(obj, AuditLog) and hasattr(type(obj), "__tablename__")


def before_flush(session: Session, _ctx, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditLog):
            raise PermissionError("操作记录只能追加，不能修改或删除")
    actor = current_actor()
    pending = session.info.setdefault(_PENDING, [])
    for obj in session.dirty:
        if _auditable(obj) and session.is_modified(obj, include_collections=False):
            changes = _diff(session, obj)
            if changes:
                pending.append(_entry("update", obj, changes, actor))
    for obj in session.deleted:
        if _auditable(obj):
            pending.append(_entry("delete", obj, _snapshot(obj), actor))
    session.info["_audit_new"] = [o for o in session.new if _auditable(o)]


def after_flush(session: Session, _ctx) -> None:
    actor = current_actor()
    rows = session.info.pop(_PENDING, [])
    for obj in session.info.pop("_audit_new", []):
        rows.append(_entry("insert", obj, _snapshot(obj), actor))
    if rows:
        session.connection().execute(insert(AuditLog.__table__), rows)


def after_bulk(orm_execute_state) -> None:
    """Log ORM-enabled bulk UPDATE/DELETE/INSERT statements (they bypass the unit of work)."""
    if not (orm_execute_state.is_update or orm_execute_state.is_delete or orm_execute_state.is_insert):
        return
    mapper = orm_execute_state.bind_mapper
    if mapper is None or mapper.class_ is AuditLog:
        if mapper is not None and not orm_execute_state.is_insert:
            raise PermissionError("操作记录只能追加，不能修改或删除")
        return
    result = orm_execute_state.invoke_statement()
    actor = current_actor()
    verb = "update" if orm_execute_state.is_update else "delete" if orm_execute_state.is_delete else "insert"
    label = getattr(mapper.class_, "__label__", mapper.class_.__name__)
    # An executemany ORM insert returns an IteratorResult without rowcount.
    rowcount = getattr(result, "rowcount", None)
    count = rowcount if rowcount is not None and rowcount >= 0 else None
    note = orm_execute_state.execution_options.get("audit_summary")
    summary = note or f"批量{VERBS[verb]}{label}" + (f" {count} 条" if count is not None else "")
    orm_execute_state.session.connection().execute(
        insert(AuditLog.__table__),
        [{
            "at": utcnow(), "user_id": getattr(actor, "id", None),
            "username": getattr(actor, "username", None) or "系统",
            "actor_org_id": getattr(actor, "org_id", None),
            "org_path": orm_execute_state.execution_options.get("audit_org_path")
            or (actor.org.path if actor is not None and actor.org is not None else None),
            "ip": current_ip(),
            "action": f"bulk_{verb}", "object_type": mapper.class_.__tablename__,
            "object_id": None, "person_id": None,
            "changes": json.dumps({"statement": _statement_text(orm_execute_state, verb),
                                   "rows": count,
                                   # e.g. the people a batch entry touched
                                   **orm_execute_state.execution_options.get("audit_changes", {})},
                                  ensure_ascii=False, default=_value),
            "summary": summary[:500],
        }],
    )
    return result


def _statement_text(orm_execute_state, verb: str) -> str:
    # An ORM executemany INSERT cannot be compiled on its own outside execution.
    try:
        return str(orm_execute_state.statement)[:2000]
    except Exception:
        return f"{verb.upper()} {orm_execute_state.bind_mapper.class_.__tablename__} (executemany)"


def record(session: Session, action: str, object_type: str, summary: str, org_path: str | None,
           changes: dict | None = None, person_id: int | None = None) -> None:
    """Log something that is not a row change (an export, a login) through the same table."""
    actor = current_actor()
    session.connection().execute(insert(AuditLog.__table__), [{
        "at": utcnow(), "user_id": getattr(actor, "id", None),
        "username": getattr(actor, "username", None) or "系统",
        "actor_org_id": getattr(actor, "org_id", None),
        "org_path": org_path or (actor.org.path if actor is not None else None),
        "ip": current_ip(),
        "action": action, "object_type": object_type, "object_id": None,
        "person_id": person_id,
        "changes": json.dumps(changes or {}, ensure_ascii=False), "summary": summary[:500],
    }])


def install() -> None:
    """Attach the hooks to every ORM session once per process."""
    for name, fn in (("before_flush", before_flush), ("after_flush", after_flush),
                     ("do_orm_execute", after_bulk)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)
