"""Flowing members (流动), inflow members (流入党员) and entry of non-direct people."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from actions import clock
from actions.errors import NotInScope, PermissionDenied, RuleViolation
from actions.members import people
from actions.members.people import PersonFields
from actions.orgs.changes import register_path_column
from actions.scoping import bounds_of, ensure_in_scope
from models import Flow, Organization, Person
from models.codes import MEMBER_STAGES

# Re-parenting an organisation moves the "where he is now" copies and the destinations' too.
register_path_column(Person, "here_path")
register_path_column(Flow, "dest_org_path")

# What the organisation a member flows into may do for him (the manual's §2b-iii, iv and the
# flow records): read his page, keep his activities and evaluations, his contact details
# and the flow information. His roll, stage, status, dues and every other record stay with the
# home organisation.
RECEIVING_SIDE_RECORDS = ("activity", "evaluation")


def current_flow(session, person: Person) -> Flow | None:
    """The open flow of a person (status out), if any."""
    from sqlalchemy import select

    return session.execute(select(Flow).where(Flow.person_id == person.id, Flow.status == "out")
                           .order_by(Flow.id.desc()).limit(1)).scalar_one_or_none()


def inflows(user) -> tuple:
    """Conditions of the open flows into the user's subtree (本级及辖区): 流入党员接收."""
    lo, hi = bounds_of(user)
    return Flow.status == "out", Flow.dest_org_path >= lo, Flow.dest_org_path < hi


def awaiting(user) -> tuple:
    """Conditions of the inflows not received yet (流入党员待接收), read from the partial index
    ix_flow_awaiting_dest_org_path."""
    return (*inflows(user), Flow.received_on.is_(None))


def update_contact(session, actor, person: Person, phone: str | None,
                   address: str | None) -> Person:
    """Keep a member's contact details; the organisation he flows into may do it too."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor, present=True)
    phone, address = (phone or "").strip(), (address or "").strip()
    if len(phone) > 30:
        raise RuleViolation("联系电话不能超过30个字", "phone")
    if len(address) > 200:
        raise RuleViolation("家庭住址不能超过200个字", "address")
    person.phone, person.address = phone or None, address or None
    session.commit()
    return person


@dataclass
class FlowFields:
    out_on: date | None
    place: str
    reason: str
    dest_org_id: int | None = None
    dest_unit: str | None = None
    contact: str | None = None
    expected_return_on: date | None = None


def _check_flow(session, fields: FlowFields) -> Organization | None:
    if fields.out_on is None:
        raise RuleViolation("请填写流出日期", "out_on")
    if fields.out_on > clock.today():
        raise RuleViolation("流出日期不能晚于今天", "out_on")
    if not (fields.place or "").strip():
        raise RuleViolation("请填写流入地", "place")
    if not (fields.reason or "").strip():
        raise RuleViolation("请填写流动原因", "reason")
    if fields.expected_return_on and fields.expected_return_on < fields.out_on:
        raise RuleViolation("预计返回日期不能早于流出日期", "expected_return_on")
    org = session.get(Organization, fields.dest_org_id) if fields.dest_org_id else None
    if fields.dest_org_id and (org is None or org.status != "active"):
        raise RuleViolation("流入党组织不存在或已撤销", "dest_org")
    if org is None and not (fields.dest_unit or "").strip():
        raise RuleViolation("请选择系统内的流入党组织或填写流入单位", "dest_unit")
    return org


def _fill(flow: Flow, fields: FlowFields, org: Organization | None) -> None:
    flow.out_on, flow.place = fields.out_on, fields.place.strip()[:200]
    flow.reason = fields.reason.strip()[:500]
    flow.dest_org_id = org.id if org else None
    flow.dest_org_path = org.path if org else None
    flow.dest_unit = (fields.dest_unit or "").strip()[:200] or None
    flow.contact = (fields.contact or "").strip()[:100] or None
    flow.expected_return_on = fields.expected_return_on


def flow_out(session, actor, person: Person, fields: FlowFields) -> Flow:
    """Record a member flowing out; the member stays on the roll with status flowing."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor)
    if person.status != "normal":
        raise RuleViolation("只有正常状态的人员可以流出")
    org = _check_flow(session, fields)
    if org is not None and org.id == person.org_id:
        raise RuleViolation("流入党组织不能是本组织", "dest_org")
    flow = Flow(person_id=person.id, status="out")
    _fill(flow, fields, org)
    person.status = "flowing"
    session.add(flow)
    session.commit()
    return flow


def update_flow(session, actor, flow: Flow, fields: FlowFields) -> Flow:
    """Maintain a flow record (流动党员信息维护): the home side or the side he flows into."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(flow, actor, present=True)
    org = _check_flow(session, fields)
    if flow.received_on and (org is None or org.id != flow.dest_org_id):
        raise RuleViolation("流入地已接收，不能更改流入党组织", "dest_org")
    _fill(flow, fields, org)
    session.commit()
    return flow


def flow_return(session, actor, flow: Flow, on: date | None) -> Flow:
    """Bring a flowing member back to normal status."""
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(flow, actor)
    if flow.status != "out":
        raise RuleViolation("该流动记录已结束")
    on = on or clock.today()
    if on < flow.out_on or on > clock.today():
        raise RuleViolation("返回日期应在流出日期与今天之间", "returned_on")
    flow.status, flow.returned_on = "returned", on
    flow.person.status = "normal"  # also ends the receiving side's reach (Person.here_path)
    session.commit()
    return flow


def receive_flow(session, actor, flow: Flow, on: date | None = None) -> Flow:
    """The destination organisation confirms it received a member flowing in."""
    if not actor.can("operator"):
        raise PermissionDenied()
    lo, hi = bounds_of(actor)
    if flow is None or flow.dest_org is None or not lo <= flow.dest_org.path < hi:
        raise NotInScope()
    if flow.status != "out":
        raise RuleViolation("该流动记录已结束")
    if flow.received_on:
        raise RuleViolation("该流入党员已接收")
    flow.received_on = on or clock.today()
    if flow.person.status == "flowing":
        # From now on the receiving subtree reaches him (present scope): see scoping.py.
        flow.person.here_path = flow.dest_org.path
    session.commit()
    return flow


def create_managed(session, actor, org_id: int | None, id_number: str, fields: PersonFields,
                   management: str) -> Person:
    """Enter an inflow member or an activist (not waiting for approval)."""
    if management == "inflow" and fields.stage not in MEMBER_STAGES:
        raise RuleViolation("流入党员须为正式或预备党员", "stage")
    person = people.new_person(session, actor, org_id, id_number, fields,
                               management=management, status="normal")
    session.commit()
    return person


def convert_to_direct(session, actor, person: Person) -> Person:
    """Make an inflow member a direct member of the organisation that manages them.

    Where the organisation's new members need the parent's approval this is 送审 (status
    pending) and the parent's decision converts him (actions.members.approvals.approve).
    """
    if not actor.can("operator"):
        raise PermissionDenied()
    ensure_in_scope(person, actor)
    if person.management != "inflow":
        raise RuleViolation("只有流入党员可以转为直管党员")
    if person.status != "normal":
        raise RuleViolation("该流入党员当前状态不能转为直管（流动中的请先返回）")
    if person.org.requires_approval:
        from actions.members.approvals import submit_conversion

        submit_conversion(person)
    else:
        person.management = "direct"
    session.commit()
    return person
