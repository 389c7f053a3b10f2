"""Person (人员): one row follows a person through every stage of membership."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from models.base import CString, OrgPathScoped, db, utcnow
from models.org import Organization

# Date columns the person lists can be sorted by; each has a (column, org_path, id, …) index.
SORT_INDEXED = ("birth_date", "applied_on", "joined_on")
SORT_CATEGORY = ("management", "stage", "status")  # what actions.members.categories tests


class Person(db.Model, OrgPathScoped):
    __tablename__ = "person"
    __label__ = "人员"
    __labels__ = {
        "id": "编号",
        "id_number": "身份证号码",
        "name": "姓名",
        "name_initials": "姓名拼音首字母",
        "sex": "性别",
        "birth_date": "出生日期",
        "ethnicity": "民族",
        "native_place": "籍贯",
        "education": "学历",
        "degree": "学位",
        "category": "人员类别",
        "work_started_on": "参加工作日期",
        "job": "工作岗位",
        "phone": "联系电话",
        "address": "家庭住址",
        "stage": "人员阶段",
        "management": "管理方式",
        "org": "所在党组织",
        "org_id": "所在党组织",
        "org_path": "组织路径",
        "here_path": "现所在组织路径",
        "status": "状态",
        "applied_on": "申请入党日期",
        "activist_on": "确定积极分子日期",
        "target_on": "确定发展对象日期",
        "joined_on": "入党日期",
        "full_on": "转正日期",
        "lost_contact": "失联",
        "dues_paid_to": "党费交至",
        "dev_due_on": "发展期限",
        "dev_due_what": "到期事项",
        "dev_lights": "亮灯数",
        "dev_pending": "待审核报审",
        "dev_pending_lit": "待审核报审有亮灯",
        "dev_receiving": "预审或审批中",
        "created_at": "创建时间",
        "updated_at": "更新时间",
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_number: Mapped[str] = mapped_column(CString(18), unique=True)
    name: Mapped[str] = mapped_column(CString(50))
    name_initials: Mapped[str | None] = mapped_column(CString(20))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(2), default="01")
    native_place: Mapped[str | None] = mapped_column(String(100))
    education: Mapped[str | None] = mapped_column(String(2))
    degree: Mapped[str | None] = mapped_column(String(1))
    category: Mapped[str | None] = mapped_column(String(2))
    work_started_on: Mapped[date | None] = mapped_column(Date)
    job: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(200))

    stage: Mapped[str] = mapped_column(String(20))
    management: Mapped[str] = mapped_column(String(10), default="direct")
    status: Mapped[str] = mapped_column(String(20), default="normal")
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    # Denormalized copy of org.path: the scope filter is one indexed range on this column.
    org_path: Mapped[str] = mapped_column(CString(255))
    # Path of the organisation that received him while he flows (流入地); None otherwise.
    # The second scope range: that subtree sees and maintains what a receiving side may.
    here_path: Mapped[str | None] = mapped_column(CString(255))

    applied_on: Mapped[date | None] = mapped_column(Date)
    activist_on: Mapped[date | None] = mapped_column(Date)
    target_on: Mapped[date | None] = mapped_column(Date)
    joined_on: Mapped[date | None] = mapped_column(Date)
    full_on: Mapped[date | None] = mapped_column(Date)
    lost_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last month his dues payments cover; kept by triggers on dues_payment
    # (models.records.DUES_PAID_DDL), never written by the application.
    dues_paid_to: Mapped[date | None] = mapped_column(Date)
    # The next development deadline and what is due (actions.development.deadlines keeps them).
    dev_due_on: Mapped[date | None] = mapped_column(Date)
    dev_due_what: Mapped[str | None] = mapped_column(String(20))
    dev_lights: Mapped[int | None] = mapped_column(Integer)  # kept with the deadline
    # His submission state, kept by triggers on dev_submission (models.submission_state), never
    # written by the application: the kind of his pending submission, whether it carries
    # lights, and whether a prereview or approval of his is pending or approved.
    dev_pending: Mapped[str | None] = mapped_column(String(30))
    dev_pending_lit: Mapped[bool | None] = mapped_column(Boolean)
    dev_receiving: Mapped[bool | None] = mapped_column(Boolean)

    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Optimistic lock: two users deciding about the same person cannot both win.
    version: Mapped[int] = mapped_column(Integer, default=1)

    org: Mapped[Organization] = relationship(lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_person_org_path_id", "org_path", "id"),
        Index("ix_person_org_path_stage", "org_path", "stage", "status", "management"),
        # Name and initials searches: the prefix range, the scope test and the result order
        # (column, org_path, id) all come from one index, whatever the jurisdiction's size.
        Index("ix_person_name_org_path", "name", "org_path"),
        Index("ix_person_initials_org_path", "name_initials", "org_path"),
        Index("ix_person_here_path_id", "here_path", "id"),
        # One way of management in a jurisdiction (流入党员): its range, in tree order, with
        # the stage and status its categories test read from the index.
        Index("ix_person_management_org_path", "management", "org_path", "id", "stage",
              "status"),
        # The people of one stage and status in a jurisdiction (e.g. 发展对象 awaiting approval).
        # With the light count and the management after them, "有亮灯" on a stage list and a
        # category of one stage (预备党员: direct, probationary, on the roll) are counted from
        # the index alone.
        Index("ix_person_stage_status_org_path", "stage", "status", "org_path", "id",
              "dev_lights", "management"),
        # Development deadlines of a jurisdiction, soonest first.
        Index("ix_person_dev_due_on_org_path", "dev_due_on", "org_path", "stage", "status",
              "id"),
        # Members in dues arrears: a range of the last paid month, the rest read from the index.
        Index("ix_person_dues_paid_to_org_path", "dues_paid_to", "org_path", "stage", "status",
              "management"),
        # Lists sorted by a date: the index gives the order, and the scope and the category
        # are tested on the index entry, so the people a list does not show (those without the
        # date, e.g. applicants when sorting by 入党日期) are passed over without a row lookup.
        *(Index(f"ix_person_{column}_org_path", column, "org_path", "id", *SORT_CATEGORY)
          for column in SORT_INDEXED),
    )

    @classmethod
    def present_clause(cls, lo: str, hi: str, wide: bool = False):
        """Home roll range OR the range of where he is now: two indexed ranges."""
        return or_(and_(cls.org_path >= lo, cls.org_path < hi),
                   and_(cls.here_path >= lo, cls.here_path < hi))

    def present_paths(self) -> list[str]:
        return [p for p in (self.org_path, self.here_path) if p]

    @validates("status")
    def _leave_here(self, key, value):
        # Only a flowing member is anywhere but home: any other status ends the second reach.
        if value != "flowing":
            self.here_path = None
        return value


    def __str__(self) -> str:
        # The name only: a page that names a person beside others shows the masked number
        # (views.id_columns.person_label); the full number is never a by-product of str().
        return self.name or ""
