"""Members in the portal: people assigned to them as contact or introducer; reviews, opinions."""
from __future__ import annotations

import os
from datetime import date

from sqlalchemy import select

from actions import clock
from actions.development.catalogue import KINDS, MIN_STAGE, recordable
from actions.development.records import _clean
from actions.errors import NotInScope, RuleViolation
from actions.portal.documents import OPINION_KINDS, OWN_KINDS, _writable
from models import DevAttachment, DevRecord, Person, PortalAccount
from models.codes import STAGE

# What an assigned member reads about a person: reports and the opinions written about them.
REPORT_KINDS = ("thought_report",) + tuple(k for ks in OPINION_KINDS.values() for k in ks)


def assignments(session, account: PortalAccount) -> dict[int, set[str]]:
    """Return {person id: {"contact", "introducer"}} of the people assigned to this member."""
    if account.person.stage not in ("probationary", "full"):
        return {}
    rows = session.execute(select(DevRecord.person_id, DevRecord.kind).where(
        DevRecord.related_person_id == account.person_id,
        DevRecord.kind.in_(OPINION_KINDS))).all()
    out: dict[int, set[str]] = {}
    for person_id, kind in rows:
        out.setdefault(person_id, set()).add(kind)
    return out


def assigned_people(session, account: PortalAccount) -> list[tuple[Person, set[str]]]:
    """Return the assigned people with the roles this member has for each, by name."""
    found = assignments(session, account)
    if not found:
        return []
    people = session.execute(select(Person).where(Person.id.in_(found))
                             .order_by(Person.name)).scalars().all()
    return [(p, found[p.id]) for p in people]


def assigned(session, account: PortalAccount, person_id: int) -> tuple[Person, set[str]]:
    """Return one assigned person and the member's roles, or raise NotInScope."""
    roles = assignments(session, account).get(person_id)
    if not roles:
        raise NotInScope("无权查看该人员")
    return session.get(Person, person_id), roles


def reports(session, person_id: int) -> list[DevRecord]:
    """Return a person's thought reports and the opinions written about them, newest first."""
    return session.execute(select(DevRecord).where(
        DevRecord.person_id == person_id, DevRecord.kind.in_(REPORT_KINDS))
        .order_by(DevRecord.id.desc())).scalars().all()


def review_report(session, account: PortalAccount, record_id: int, approve: bool,
                  reason: str | None = None) -> DevRecord:
    """Approve a thought report of an assigned person, or return it with a reason."""
    record = session.get(DevRecord, record_id)
    if record is None or record.kind != "thought_report":
        raise NotInScope("材料不存在")
    person, roles = assigned(session, account, record.person_id)
    if "contact" not in roles:
        raise NotInScope("只有培养联系人可以审核思想汇报")
    _writable(session, person, record.kind)
    if record.status != "submitted":
        raise RuleViolation("该思想汇报已审核")
    if approve:
        record.status, record.reason = "approved", None
    else:
        reason = (reason or "").strip()
        if not reason or len(reason) > 500:
            raise RuleViolation("退回时请填写退回原因（不超过500字）", "reason")
        record.status, record.reason = "returned", reason
    session.commit()
    return record


def write_opinion(session, account: PortalAccount, person_id: int, kind: str, values: dict,
                  today: date | None = None) -> DevRecord:
    """Record an education opinion or an opinion on development about an assigned person."""
    person, roles = assigned(session, account, person_id)
    if not any(kind in OPINION_KINDS[r] for r in roles):
        raise RuleViolation("您不能填写这类意见")
    if not recordable(kind, person.stage):
        raise RuleViolation(f"{KINDS[kind].label}须在其进入“{STAGE[MIN_STAGE[kind]]}”阶段后填写")
    _writable(session, person, kind)
    today = today or clock.today()
    spec = KINDS[kind]
    data = _clean(session, None, person, spec,
                  {"on_date": today, "title": values.get("title"), "content": values.get("content"),
                   "host": account.person.name, "recorder": account.person.name}, today)
    if not (data.get("content") or "").strip():
        raise RuleViolation("请填写意见内容", "content")
    record = DevRecord(person_id=person.id, kind=kind, author_person_id=account.person_id, **data)
    session.add(record)
    session.commit()
    return record


def readable_attachment(session, account: PortalAccount, attachment_id: int, upload_dir: str):
    """Return (attachment, path) of a file the account may read: its own, or an assigned person's."""
    att = session.get(DevAttachment, attachment_id)
    if att is None:
        raise NotInScope("附件不存在")
    kind = att.record.kind
    own = att.person_id == account.person_id and kind in OWN_KINDS
    shown = kind in REPORT_KINDS and att.person_id in assignments(session, account)
    if not (own or shown):
        raise NotInScope("附件不存在")
    path = os.path.join(upload_dir, "development", att.stored_name)
    if not os.path.isfile(path):
        raise NotInScope("附件文件不存在")
    return att, path
