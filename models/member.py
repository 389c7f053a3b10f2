"""Member movements and records: approvals, ID changes, 党籍 changes, flows, transfers."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    and_,
    or_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import CString, PersonRecord, Scoped, db, sort_index, utcnow
from models.codes import DECISION, STATUS_CHANGE
from models.org import Organization
from models.person import Person


class ApprovalDecision(db.Model, PersonRecord):
    __tablename__ = "approval_decision"
    __label__ = "新党员审批"
    __labels__ = {"id": "编号", "person": "人员", "person_id": "人员", "decision": "审批结果",
                  "reason": "意见/退回原因", "decided_at": "审批时间", "decided_by": "审批人",
                  "decider_org": "审批组织"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision: Mapped[str] = mapped_column(String(10))  # approved / rejected
    reason: Mapped[str | None] = mapped_column(String(500))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(50))
    decider_org: Mapped[str | None] = mapped_column(String(200))

    def __str__(self) -> str:
        text = f"{self.person.name if self.person else ''} {DECISION.get(self.decision, '')}"
        return text + (f"：{self.reason}" if self.reason else "")


class IdNumberChange(db.Model, PersonRecord):
    __tablename__ = "id_number_change"
    __label__ = "身份证号更改"
    __labels__ = {"id": "编号", "person": "人员", "person_id": "人员", "old_number": "原身份证号码",
                  "new_number": "新身份证号码", "changed_on": "更改日期", "reason": "更改原因"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    old_number: Mapped[str] = mapped_column(CString(18), index=True)
    new_number: Mapped[str] = mapped_column(CString(18))
    changed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))

    def __str__(self) -> str:
        return f"{self.old_number} → {self.new_number}"


class StatusChange(db.Model, PersonRecord):
    __tablename__ = "status_change"
    __label__ = "党籍变动"
    __labels__ = {"id": "编号", "person": "人员", "person_id": "人员", "kind": "变动类型",
                  "changed_on": "变动日期", "reason": "变动原因", "status_before": "变动前状态",
                  "status_after": "变动后状态"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))
    status_before: Mapped[str] = mapped_column(String(20))
    status_after: Mapped[str] = mapped_column(String(20))

    def __str__(self) -> str:
        name = self.person.name if self.person else ""
        return f"{name} {STATUS_CHANGE.get(self.kind, self.kind)} {self.changed_on}：{self.reason}"


class Flow(db.Model, PersonRecord):
    present_reach = True  # the organisation he flows into maintains the flow information
    __tablename__ = "flow"
    __label__ = "流动"
    __labels__ = {"id": "编号", "person": "人员", "person_id": "人员", "out_on": "流出日期",
                  "place": "流入地", "dest_org": "流入党组织（系统内）", "dest_org_id": "流入党组织",
                  "dest_unit": "流入单位/党组织（系统外）", "reason": "流动原因", "contact": "联系方式",
                  "expected_return_on": "预计返回日期", "returned_on": "返回日期", "status": "流动状态",
                  "received_on": "流入地接收日期", "dest_org_path": "流入党组织路径"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    out_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    dest_org_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    # A copy of the destination's path, for counting a subtree's inflows by range; it follows
    # re-parenting (actions.orgs.changes.PATH_COLUMNS).
    dest_org_path: Mapped[str | None] = mapped_column(CString(255))
    dest_unit: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(500))
    contact: Mapped[str | None] = mapped_column(String(100))
    expected_return_on: Mapped[date | None] = mapped_column(Date)
    returned_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="out", index=True)  # out / returned
    received_on: Mapped[date | None] = mapped_column(Date)

    dest_org: Mapped[Organization | None] = relationship(lazy="joined")

    __table_args__ = (
        sort_index("flow", "out_on", "person_id"),
        # 流入党员待接收: the flows still waiting for their destination, by its path.
        Index("ix_flow_awaiting_dest_org_path", "dest_org_path",
              sqlite_where=text("status = 'out' AND received_on IS NULL"),
              postgresql_where=text("status = 'out' AND received_on IS NULL")),
    )

    def __str__(self) -> str:
        return f"{self.person.name if self.person else ''} → {self.place}"


# Transfers whose letter still waits for its receipt (回执): pending, or issued and accepted.
RECEIPT_WAITING = ("pending", "issued", "accepted")
RECEIPT_OPEN = ("receipt_returned_on IS NULL AND status IN ("
                + ", ".join(f"'{s}'" for s in RECEIPT_WAITING) + ")")


class Transfer(db.Model, Scoped):
    """An organisation-relationship transfer; both the sender's and the receiver's subtree see it."""

    __tablename__ = "transfer"
    __label__ = "组织关系转接"
    __labels__ = {"id": "编号", "person": "人员", "person_id": "人员", "letter_no": "介绍信编号",
                  "letter_year": "年度", "letter_seq": "序号", "direction": "转出方向",
                  "from_org": "转出党组织", "from_org_id": "转出党组织", "from_org_path": "转出组织路径",
                  "to_org": "转入党组织", "to_org_id": "转入党组织", "to_org_path": "转入组织路径",
                  "to_org_name": "转入党组织名称", "issued_on": "转出日期", "valid_days": "有效期（天）",
                  "dues_paid_until": "党费交至", "status": "状态", "reason": "拒绝/取消原因",
                  "decided_at": "处理时间", "decided_by": "处理人", "receipt_returned_on": "回执返回日期",
                  "member_phone": "党员联系电话", "issuer_address": "党委地址",
                  "issuer_phone": "党委电话", "issuer_fax": "传真", "issuer_postcode": "邮编",
                  "expired_note": "逾期接收说明", "created_at": "创建时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    letter_year: Mapped[int] = mapped_column(Integer)
    letter_seq: Mapped[int] = mapped_column(Integer)
    letter_no: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(10))  # in_city / out_city
    from_org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    from_org_path: Mapped[str] = mapped_column(CString(255))
    to_org_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    to_org_path: Mapped[str | None] = mapped_column(CString(255))
    to_org_name: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_days: Mapped[int] = mapped_column(Integer)
    dues_paid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str | None] = mapped_column(String(500))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(50))
    receipt_returned_on: Mapped[date | None] = mapped_column(Date)
    member_phone: Mapped[str | None] = mapped_column(String(30))
    issuer_address: Mapped[str | None] = mapped_column(String(200))
    issuer_phone: Mapped[str | None] = mapped_column(String(30))
    issuer_fax: Mapped[str | None] = mapped_column(String(30))
    issuer_postcode: Mapped[str | None] = mapped_column(String(10))
    expired_note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    person: Mapped[Person] = relationship(lazy="joined", innerjoin=True)
    from_org: Mapped[Organization] = relationship(foreign_keys=[from_org_id], lazy="joined")
    to_org: Mapped[Organization | None] = relationship(foreign_keys=[to_org_id], lazy="joined")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("from_org_id", "letter_year", "letter_seq"),
        Index("ix_transfer_from_org_path_id", "from_org_path", "id"),
        Index("ix_transfer_to_org_path_status", "to_org_path", "status"),
        sort_index("transfer", "issued_on"),
        # Letters whose receipt has not come back (回执逾期): a range of issue dates, the scope
        # tested on the index alone.
        Index("ix_transfer_receipt_open", "issued_on", "from_org_path", "id",
              sqlite_where=text(RECEIPT_OPEN), postgresql_where=text(RECEIPT_OPEN)),
    )

    @classmethod
    def scope_clause(cls, lo: str, hi: str, wide: bool = False):
        return or_(and_(cls.from_org_path >= lo, cls.from_org_path < hi),
                   and_(cls.to_org_path >= lo, cls.to_org_path < hi))

    def scope_path(self) -> str | None:
        return self.from_org_path

    def __str__(self) -> str:
        return f"{self.letter_no} {self.person.name if self.person else ''}"


# Pending / returned lists and the home-page reminders filter a status inside a path range.
Index("ix_person_status_org_path", Person.status, Person.org_path)
