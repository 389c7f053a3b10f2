"""Organisation records: change history, leadership teams, officers and extended records."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from models.base import CString, db, sort_index, utcnow
from models.org import Organization, OrgIdScoped


class OrgScoped(OrgIdScoped):
    """Mixin for tables that belong to one organisation: scoped through the organisation's path."""

    @declared_attr
    def org_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("organization.id"), index=True)

    @declared_attr
    def org(cls):
        return relationship(Organization, lazy="joined", innerjoin=True,
                            foreign_keys=lambda: [cls.org_id])



class OrgChange(db.Model, OrgScoped):
    """One change of an organisation (rename, move, dissolve, restore); keeps former names and codes."""

    __tablename__ = "org_change"
    __label__ = "党组织异动"
    __labels__ = {"org": "党组织", "kind": "异动类型", "changed_on": "异动日期", "at": "登记时间",
                  "old_name": "原名称", "new_name": "新名称", "old_code": "原代码",
                  "new_code": "新代码", "old_parent_id": "原上级组织", "new_parent_id": "新上级组织",
                  "reason": "原因", "username": "操作用户"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    old_name: Mapped[str | None] = mapped_column(String(200), index=True)
    new_name: Mapped[str | None] = mapped_column(String(200))
    old_code: Mapped[str | None] = mapped_column(CString(64), index=True)
    new_code: Mapped[str | None] = mapped_column(CString(64))
    old_parent_id: Mapped[int | None] = mapped_column(Integer)
    new_parent_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(500))
    username: Mapped[str | None] = mapped_column(String(50))

    def __str__(self) -> str:
        return f"{self.old_name or ''} {self.kind}"


class OrgTeam(db.Model, OrgScoped):
    """A leadership team (班子) formed by one election."""

    __tablename__ = "org_team"
    __label__ = "班子"
    __labels__ = {"org": "党组织", "org_id": "党组织", "election_method": "当选方式",
                  "elected_on": "当选时间", "term_ends_on": "本届届满日期",
                  "previous_election_on": "上次换届日期", "note": "备注", "created_at": "登记时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_method: Mapped[str] = mapped_column(String(2))
    elected_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date] = mapped_column(Date)
    previous_election_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_org_team_org_id_elected_on", "org_id", "elected_on"),
                      sort_index("org_team", "term_ends_on", "org_id"),
                      sort_index("org_team", "elected_on", "org_id"))

    def __str__(self) -> str:
        return f"{self.org.name if self.org else ''} {self.elected_on}"


class OrgOfficer(db.Model, OrgScoped):
    """An appointment of a secretary, deputy secretary or committee member."""

    __tablename__ = "org_officer"
    __label__ = "班子成员"
    __labels__ = {"org": "党组织", "team_id": "班子", "person": "姓名", "person_id": "姓名",
                  "role": "职务", "appointed_on": "任职日期", "ended_on": "离任日期",
                  "end_reason": "离任原因", "status": "状态"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("org_team.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    appointed_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="active")

    person = relationship("Person", lazy="joined", innerjoin=True)

    __table_args__ = (
        # At most one active secretary per organisation, also under concurrent appointments.
        Index("uq_org_officer_secretary", "org_id", unique=True,
              sqlite_where=text("status = 'active' AND role = 'secretary'"),
              postgresql_where=text("status = 'active' AND role = 'secretary'")),
    )

    def __str__(self) -> str:
        return f"{self.person.name if self.person else ''}（{self.role}）"


class OrgRecord(db.Model, OrgScoped):
    """An extended record of an organisation: 民主生活会, 民主评议, 党务公开, 惩戒, 专题活动."""

    __tablename__ = "org_record"
    __label__ = "党组织扩展信息"
    __labels__ = {"org": "党组织", "org_id": "党组织", "kind": "类别", "held_on": "日期",
                  "title": "主题", "content": "内容", "result": "结果", "created_at": "登记时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_org_record_org_id_kind_held_on", "org_id", "kind", "held_on"),
                      sort_index("org_record", "held_on", "org_id"))

    def __str__(self) -> str:
        return self.title or ""
