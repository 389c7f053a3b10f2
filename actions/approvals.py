"""Approval of new members entered in organisations that require the parent's approval."""
from __future__ import annotations

from sqlalchemy import delete, exists, select
from sqlalchemy.orm.exc import StaleDataError

from models import ApprovalDecision, Person

from actions.errors import Conflict, PermissionDenied, RuleViolation
from actions.scoping import ensure_in_scope, is_strictly_below

DECIDED = "该人员已被他人审批处理，请刷新后查看结果"


def _load_pending(session, actor, person_id: int, version: int | None) -> Person:
    if not actor.can("operator"):
        raise PermissionDenied()
    person = session.get(Person, person_id)
    ensure_in_scope(person, actor)
    if not is_strictly_below(person.org_path, actor):
        raise PermissionDenied("新党员须由上级党组织审批，本组织不能审批自己录入的人员")
    if person.status != "pending" or (version is not None and person.version != version):
        raise Conflict(DECIDED)
    return person


def _decide(session, actor, person: Person, decision: str, reason: str | None) -> None:
    session.add(ApprovalDecision(
        person_id=person.id, decision=decision, reason=reason,
        decided_by=getattr(actor, "username", None), decider_org=actor.org.name))
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict(DECIDED) from None


def approve(session, actor, person_id: int, version: int | None = None,
            note: str | None = None) -> Person:
    """Approve a pending person: a direct member of the submitting organisation at once."""
    person = _load_pending(session, actor, person_id, version)
    person.status = "normal"
    _decide(session, actor, person, "approved", (note or "").strip() or None)
    return person


def reject(session, actor, person_id: int, reason: str, version: int | None = None) -> Person:
    """Return a pending person to the submitting organisation with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写退回原因", "reason")
    person = _load_pending(session, actor, person_id, version)
    person.status = "returned"
    _decide(session, actor, person, "rejected", reason[:500])
    return person


def resubmit(session, actor, person_id: int) -> Person:
    """Send a returned person to the parent organisation again."""
    if not actor.can("operator"):
        raise PermissionDenied()
    person = session.get(Person, person_id)
    ensure_in_scope(person, actor)
    if person.status != "returned":
        raise RuleViolation("只有审批退回的人员可以重新送审")
    person.status = "pending"
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict() from None
    return person


def ever_approved(session, person_id: int) -> bool:
    return session.execute(select(exists().where(
        ApprovalDecision.person_id == person_id, ApprovalDecision.decision == "approved"))).scalar()


def delete_rejected(session, actor, people: list[Person]) -> int:
    """Delete returned, never-approved entries; refuse the whole batch if any other is included."""
    if not actor.can("operator"):
        raise PermissionDenied()
    for person in people:
        ensure_in_scope(person, actor)
        if person.status != "returned" or ever_approved(session, person.id):
            raise RuleViolation(f"「{person.name}」不是审批退回且从未通过审批的人员，不能删除")
    ids = [p.id for p in people]
    if not ids:
        return 0
    session.execute(delete(ApprovalDecision).where(ApprovalDecision.person_id.in_(ids)),
                    execution_options={"audit_summary": f"删除审批退回人员的审批记录 {len(ids)} 人"})
    for person in people:
        session.delete(person)
    session.commit()
    return len(ids)


def decisions(session, person_id: int) -> list[ApprovalDecision]:
    return list(session.execute(select(ApprovalDecision).where(
        ApprovalDecision.person_id == person_id).order_by(ApprovalDecision.id)).scalars())
