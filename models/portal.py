"""Portal: activation codes handed to applicants, portal accounts, activation attempts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PersonRecord, db, sort_index, utcnow
from models.org import Organization, OrgIdScoped

CODE_STATUS = {"unused": "未使用", "activated": "已激活", "expired": "已过期", "revoked": "已作废"}


class ActivationCode(db.Model, OrgIdScoped):
    """A single-use code; only a keyed digest is stored, the code itself is shown once."""

    __tablename__ = "activation_code"
    __label__ = "激活串码"
    __labels__ = {
        "id": "编号", "org": "所属党支部", "org_id": "所属党支部", "purpose": "用途",
        "code_digest": "串码摘要", "hint": "串码末位", "note": "发放对象",
        "member": "党员", "member_id": "党员", "status": "状态", "created_by": "生成人",
        "created_by_id": "生成人", "created_at": "生成时间", "expires_at": "有效期至",
        "activated_at": "激活时间", "person": "激活人员", "person_id": "激活人员",
        "revoked_at": "作废时间", "revoked_by_id": "作废人",
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    # "applicant": activation registers a new applicant; "member": binds a member's portal account.
    purpose: Mapped[str] = mapped_column(String(10), default="applicant")
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(4))
    note: Mapped[str | None] = mapped_column(String(50))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # unused / activated / revoked; "expired" is unused past expires_at, computed on read.
    status: Mapped[str] = mapped_column(String(10), default="unused")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    activated_at: Mapped[datetime | None] = mapped_column(DateTime)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    org: Mapped[Organization] = relationship(lazy="joined", innerjoin=True)
    created_by = relationship("User", foreign_keys=[created_by_id])
    person = relationship("Person", foreign_keys=[person_id])
    member = relationship("Person", foreign_keys=[member_id])

    __table_args__ = (Index("ix_activation_code_org_created", "org_id", "created_at"),
                      sort_index("activation_code", "created_at", "org_id"))

    def state(self, now: datetime | None = None) -> str:
        """Return unused, activated, expired or revoked."""
        if self.status == "unused" and self.expires_at <= (now or utcnow()):
            return "expired"
        return self.status


    def __str__(self) -> str:
        return f"****{self.hint}" if self.hint else ""


class PortalAccount(db.Model, PersonRecord):
    """A person's login to the portal (applicant, or member acting as contact/introducer)."""

    __tablename__ = "portal_account"
    __label__ = "门户账号"
    __labels__ = {"id": "编号", "person": "人员", "person_id": "人员", "role": "类型",
                  "password_hash": "密码", "active": "启用", "failed_logins": "连续登录失败次数",
                  "locked_until": "锁定至", "last_login_at": "最后登录时间",
                  "created_at": "创建时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(10))  # applicant / member
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("uq_portal_account_person", "person_id", unique=True),)

    def __str__(self) -> str:
        return self.person.name if self.person else ""


class ActivationAttempt(db.Model):
    """A failed activation, kept in the database so limits hold across server processes."""

    __tablename__ = "activation_attempt"
    __label__ = "串码激活失败记录"
    __labels__ = {"id": "编号", "ip": "IP地址", "code_digest": "串码摘要", "at": "时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ip: Mapped[str] = mapped_column(String(45))
    code_digest: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_activation_attempt_ip_at", "ip", "at"),
                      Index("ix_activation_attempt_code_at", "code_digest", "at"))
