"""Platform users: each belongs to one organisation and works on its subtree."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, path_bounds, utcnow
from models.codes import ROLE_RANK
from models.org import Organization, OrgIdScoped


class User(db.Model, OrgIdScoped, UserMixin):
    __tablename__ = "app_user"
    __label__ = "用户"
    __labels__ = {
        "id": "编号",
        "username": "用户名",
        "full_name": "姓名",
        "org": "所属党组织",
        "org_id": "所属党组织",
        "role": "角色",
        "active": "启用",
        "failed_logins": "连续登录失败次数",
        "locked_until": "锁定至",
        "last_login_at": "最后登录时间",
        "created_at": "创建时间",
        "password_hash": "密码",
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="operator")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    org: Mapped[Organization] = relationship(lazy="joined", innerjoin=True)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return bool(self.active)

    @property
    def rank(self) -> int:
        return ROLE_RANK.get(self.role, -1)

    def can(self, role: str) -> bool:
        """Return True when this user's role is at least `role`."""
        return self.rank >= ROLE_RANK[role]

    @property
    def bounds(self) -> tuple[str, str]:
        return path_bounds(self.org.path)


    def __str__(self) -> str:
        return self.username or ""
