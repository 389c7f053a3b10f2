"""Extended records of an organisation: 民主生活会, 民主评议, 党务公开, 组织惩戒, 专题活动."""
from __future__ import annotations

from datetime import date

from actions import clock
from actions.errors import PermissionDenied, RuleViolation
from actions.scoping import ensure_in_scope
from models import Organization, OrgRecord
from models.codes import ORG_RECORD_KIND


def save_record(session, actor, org: Organization | None, kind: str, held_on: date | None,
                title: str, content: str | None = None, result: str | None = None,
                record: OrgRecord | None = None) -> OrgRecord:
    """Add or edit one dated record of an organisation in the actor's jurisdiction."""
    if not actor.can("operator"):
        raise PermissionDenied()
    if org is None:
        raise RuleViolation("请选择党组织", "org")
    ensure_in_scope(org, actor, "org")
    if record is not None:
        ensure_in_scope(record, actor)
    if kind not in ORG_RECORD_KIND:
        raise RuleViolation("类别无效")
    if held_on is None:
        raise RuleViolation("请填写日期", "held_on")
    if held_on > clock.today():
        raise RuleViolation("日期不能晚于今天", "held_on")
    title = (title or "").strip()
    if not title:
        raise RuleViolation("请填写主题", "title")
    if record is None:
        record = OrgRecord(kind=kind)
        session.add(record)
    record.org_id, record.held_on, record.title = org.id, held_on, title[:200]
    record.content = (content or "").strip() or None
    record.result = (result or "").strip()[:200] or None
    session.commit()
    return record
