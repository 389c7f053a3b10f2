"""Menu wiring and home-page reminders of the member-management screens."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from actions.members import categories, flows, transfers
from actions.scoping import scope
from models import Flow, Person, Transfer, db
from views.home import REMINDERS
from views.members.approvals import PendingApprovalView, ReturnedMemberView
from views.members.entry import ActivistView, DirectMemberEntryView, InflowMemberView
from views.members.flows import FlowingView, InflowReceptionView
from views.members.page import MemberPageView
from views.members.quick_query import MemberQueryView
from views.members.receipts import ReceiptOverdueView
from views.members.transfers import TransferDeskView, TransferInView, TransferOutView

MEMBERS = "党员管理"
INFLOW = "流入党员管理"
MOVES = "组织关系与流动"


def register_members(admin) -> None:
    """Add the member screens; the direct-member list keeps its endpoint `direct_member`."""
    add = admin.add_view
    add(DirectMemberEntryView(Person, name="直管党员", category=MEMBERS, endpoint="direct_member"))
    add(PendingApprovalView(Person, name="待审批党员", category=MEMBERS, endpoint="pending_member"))
    add(ReturnedMemberView(Person, name="审批退回", category=MEMBERS, endpoint="returned_member"))
    add(ActivistView(Person, name="入党积极分子", category=MEMBERS, endpoint="activist"))
    add(MemberQueryView(Person, name="党员快速查询", category=MEMBERS, endpoint="member_query"))
    add(InflowMemberView(Person, name="流入党员", category=INFLOW, endpoint="inflow_member"))
    add(InflowReceptionView(name="流入党员接收", category=INFLOW, endpoint="inflow_reception"))
    add(TransferOutView(Transfer, name="关系转出记录", category=MOVES, endpoint="transfer_out"))
    add(TransferInView(Transfer, name="转入待接收", category=MOVES, endpoint="transfer_in"))
    add(ReceiptOverdueView(Transfer, name="回执逾期", category=MOVES, endpoint="receipt_overdue"))
    add(FlowingView(Flow, name="流动党员", category=MOVES, endpoint="flowing"))
    add(MemberPageView(name="党员信息", endpoint="member", url="/admin/member"))
    add(TransferDeskView(name="转接办理", endpoint="transfer_desk", url="/admin/transfer_desk"))
    if _reminders not in REMINDERS:
        REMINDERS.append(_reminders)


def _count(stmt) -> int:
    return db.session.execute(stmt).scalar_one()


def _reminders(user) -> list[dict]:
    below = scope(select(func.count()).select_from(Person), user, Person)
    incoming = select(func.count()).select_from(Transfer).where(*transfers.incoming(user))
    overdue = select(func.count()).select_from(Transfer).where(
        transfers.issued_within(user), *transfers.overdue_clause())
    inflow = select(func.count()).select_from(Flow).where(*flows.awaiting(user))
    return [
        {"label": "待审批党员", "url": url_for("pending_member.index_view"),
         "count": _count(below.where(categories.clause("pending"), Person.org_path != user.org.path))},
        {"label": "审批退回的党员", "url": url_for("returned_member.index_view"), "level": "danger",
         "count": _count(below.where(categories.clause("returned")))},
        {"label": "转入待接收", "url": url_for("transfer_in.index_view"), "count": _count(incoming)},
        {"label": "介绍信回执逾期未返回", "url": url_for("receipt_overdue.index_view"), "level": "danger",
         "count": _count(overdue)},
        {"label": "流入党员待接收", "url": url_for("inflow_reception.index"), "count": _count(inflow)},
    ]
