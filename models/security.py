"""Security state kept on the server: issued captcha challenges (one answer each)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow


class CaptchaChallenge(db.Model):
    """A captcha shown to a browser; deleted by the first answer, right or wrong."""

    __tablename__ = "captcha_challenge"
    __label__ = "验证码"
    __labels__ = {"id": "编号", "digest": "答案摘要", "issued_at": "生成时间"}

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_captcha_challenge_issued_at", "issued_at"),)
