"""Organisation tree (党组织) with a materialized path."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    and_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import CString, Scoped, db, sort_index, through, utcnow

PATH_WIDTH = 6


def path_segment(org_id: int) -> str:
    return f"{org_id:0{PATH_WIDTH}d}."


class Organization(db.Model, Scoped):
    __tablename__ = "organization"
    __label__ = "党组织"
    __labels__ = {
        "id": "编号",
        "parent": "上级组织",
        "parent_id": "上级组织",
        "path": "路径",
        "code": "组织代码",
        "name": "组织全称",
        "kind": "组织类别",
        "requires_approval": "新增党员需上级审批",
        "status": "状态",
        "unit_name": "所在单位",
        "founded_on": "成立日期",
        "depth": "层级",
        "dissolved_on": "撤销日期",
        "dissolve_reason": "撤销原因",
        "created_at": "创建时间",
        "team_id": "本届班子",
        "team_ends_on": "本届班子届满日期",
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    path: Mapped[str | None] = mapped_column(CString(255), unique=True)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(CString(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    unit_name: Mapped[str | None] = mapped_column(String(200))
    founded_on: Mapped[date | None] = mapped_column(Date)
    dissolved_on: Mapped[date | None] = mapped_column(Date)
    dissolve_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The current leadership team (the latest elected, ties: the highest id) and its end of
    # term, kept by triggers on org_team (models.current_team). No index on team_id: the
    # platform never deletes a team, the one write that would look organisations up by it.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("org_team.id", use_alter=True))
    team_ends_on: Mapped[date | None] = mapped_column(Date)

    parent: Mapped[Organization | None] = relationship(remote_side=[id])

    __table_args__ = (
        # Full names are unique among active organisations only (dissolved ones keep theirs).
        Index(
            "uq_organization_active_name",
            "name",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        sort_index("organization", "name"),
        # Active children of organisations (the tree's and the home page's counts) on the index.
        Index("ix_organization_parent_id_status", "parent_id", "status"),
        # 换届提醒: active organisations whose term ends by a date, counted inside a path range
        # on the index alone.
        Index("ix_organization_status_team_ends_on_path", "status", "team_ends_on", "path"),
    )

    @classmethod
    def scope_clause(cls, lo: str, hi: str, wide: bool = False):
        return and_(cls.path >= lo, cls.path < hi)

    def scope_path(self) -> str | None:
        return self.path

    def __str__(self) -> str:
        return self.name or ""


class OrgIdScoped(Scoped):
    """A row that belongs to the organisation `org_id`: scoped through that organisation's path."""

    scoped_by_reference = True

    @classmethod
    def scope_clause(cls, lo: str, hi: str, wide: bool = False):
        return through(cls.org_id, Organization, Organization.scope_clause(lo, hi), wide)

    def scope_path(self) -> str | None:
        org = getattr(self, "org", None)
        if org is None and self.org_id is not None:
            from sqlalchemy.orm import object_session

            org = (object_session(self) or db.session).get(Organization, self.org_id)
        return org.path if org is not None else None
