"""Development file (发展党员全程记实): step records, attachments, submissions to the superior."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PersonRecord, db, sort_index, utcnow


class DevRecord(db.Model, PersonRecord):
    """One dated record of a development step; which fields matter depends on `kind`."""

    __tablename__ = "dev_record"
    __label__ = "发展记实"
    __labels__ = {
        "id": "编号", "person": "人员", "person_id": "人员", "kind": "记录类型",
        "on_date": "日期", "end_date": "截止日期", "time_range": "时间段", "title": "标题",
        "content": "内容", "place": "地点", "host": "主持人/谈话人", "recorder": "记录人",
        "result": "结果", "status": "审核状态", "reason": "退回原因", "scope": "范围",
        "related_person": "相关党员", "related_person_id": "相关党员", "expected": "应到会表决权人数",
        "present": "实到会表决权人数", "votes_for": "赞成票", "votes_against": "反对票",
        "votes_abstain": "弃权票", "days": "天数", "hours": "学时", "months": "月数",
        "author": "录入人", "author_id": "录入人", "author_person_id": "提交人",
        "author_person": "提交人", "created_at": "录入时间",
        "updated_at": "更新时间",
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    on_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    time_range: Mapped[str | None] = mapped_column(String(50))
    title: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200))
    host: Mapped[str | None] = mapped_column(String(50))
    recorder: Mapped[str | None] = mapped_column(String(50))
    result: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(500))
    scope: Mapped[str | None] = mapped_column(String(200))
    related_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    expected: Mapped[int | None] = mapped_column(Integer)
    present: Mapped[int | None] = mapped_column(Integer)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    days: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[int | None] = mapped_column(Integer)
    months: Mapped[int | None] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # Records submitted in the portal are authored by a person (applicant, contact, introducer).
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    # Two foreign keys to person: say which one is the record's owner.
    person = relationship("Person", foreign_keys="DevRecord.person_id", lazy="joined",
                          innerjoin=True)
    related_person = relationship("Person", foreign_keys=[related_person_id])
    author = relationship("User")
    author_person = relationship("Person", foreign_keys=[author_person_id])
    attachments = relationship("DevAttachment", back_populates="record",
                               order_by="DevAttachment.id")

    __table_args__ = (Index("ix_dev_record_person_kind", "person_id", "kind", "on_date"),)

    def __str__(self) -> str:
        return f"{self.title or self.kind}（{self.on_date}）"


class DevAttachment(db.Model, PersonRecord):
    """A file attached to a record, stored under UPLOAD_DIR and served through a scoped view."""

    __tablename__ = "dev_attachment"
    __label__ = "发展记实附件"
    __labels__ = {"id": "编号", "person": "人员", "record": "记录", "record_id": "记录",
                  "filename": "文件名", "mime": "文件类型", "size": "大小（字节）",
                  "stored_name": "存储名", "uploaded_by_id": "上传人", "uploaded_at": "上传时间"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("dev_record.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    record = relationship("DevRecord", back_populates="attachments")

    def __str__(self) -> str:
        return self.filename or ""


class DevSubmission(db.Model, PersonRecord):
    """A branch's submission to the superior committee, with warnings snapshot and decision."""

    __tablename__ = "dev_submission"
    __label__ = "发展报审"
    __labels__ = {
        "id": "编号", "person": "人员", "person_id": "人员", "kind": "报审类型",
        "org_id": "报送组织", "org": "报送组织", "submitted_at": "报送时间",
        "submitted_by_id": "报送人", "warnings": "亮灯提示", "explanation": "情况说明",
        "dues_monthly": "每月应缴党费", "status": "状态", "decided_at": "决定时间",
        "decided_by_id": "决定人", "decided_on": "决定日期", "opinion": "上级意见",
        "extension_months": "延长预备期月数", "rules": "报送时适用的规则设置",
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    org_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # JSON list of {"rule", "step", "message", "article"} at the moment of submission.
    warnings: Mapped[str] = mapped_column(Text, default="[]")
    explanation: Mapped[str | None] = mapped_column(Text)
    dues_monthly: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_on: Mapped[date | None] = mapped_column(Date)
    opinion: Mapped[str | None] = mapped_column(String(1000))
    extension_months: Mapped[int | None] = mapped_column(Integer)
    # JSON of the rule settings the submission was judged with (version dates, thresholds, calendar).
    rules: Mapped[str | None] = mapped_column(Text)
    # Optimistic lock: two committee users deciding the same submission cannot both win.
    version: Mapped[int] = mapped_column(Integer, default=1)

    org = relationship("Organization")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_dev_submission_person_kind", "person_id", "kind"),
                      # The committee queue: pending submissions, oldest first, with their people.
                      Index("ix_dev_submission_status", "status", "submitted_at", "id",
                            "person_id"),
                      # At most one pending submission per person, whatever the concurrency.
                      Index("uq_dev_submission_pending", "person_id", unique=True,
                            sqlite_where=text("status = 'pending'"),
                            postgresql_where=text("status = 'pending'")),
                      sort_index("dev_submission", "submitted_at", "person_id"))

    def __str__(self) -> str:
        return f"{self.kind} #{self.id}"
