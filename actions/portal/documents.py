"""Documents in the portal: a person's own letters and reports, submitted and revised."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from actions import clock
from models import DevAttachment, DevRecord, Person, PortalAccount

from actions.development.attachments import MAX_BYTES, store_file
from actions.development.catalogue import KINDS
from actions.development.records import _clean, locked_kinds
from actions.errors import NotInScope, RuleViolation

# What a person submits and at which stages of their own development.
OWN_KINDS = {"application": ("applicant",),
             "thought_report": ("applicant", "activist", "target", "probationary"),
             "full_application": ("probationary",)}
# What an assigned member writes, by assignment (the record kind naming them).
OPINION_KINDS = {"contact": ("education_opinion", "contact_opinion"),
                 "introducer": ("introducer_opinion",)}
REVIEW_STATUS = {"submitted": "待审核", "approved": "审核通过", "returned": "已退回"}


def _writable(session, person: Person, kind: str) -> None:
    if person.status != "normal":
        raise RuleViolation("发展流程已终止或状态异常，不能再提交")
    if kind in locked_kinds(session, person.id):
        raise RuleViolation("本阶段材料已报上级党委，不能再提交或修改")


def _values(values: dict, upload) -> dict:
    out = {"title": values.get("title"), "content": values.get("content")}
    if not (out["content"] or "").strip() and not upload:
        raise RuleViolation("请填写内容或上传文件", "content")
    return out


def _attach(session, record: DevRecord, upload, upload_dir: str, max_bytes: int) -> None:
    if upload:
        store_file(session, record, upload[0], upload[1], upload_dir, max_bytes)
    else:
        session.commit()


def own_records(session, account: PortalAccount) -> list[DevRecord]:
    """Return the documents this account's person submitted, newest first."""
    return session.execute(select(DevRecord).where(
        DevRecord.person_id == account.person_id, DevRecord.kind.in_(OWN_KINDS))
        .order_by(DevRecord.id.desc())).scalars().all()


def submit(session, account: PortalAccount, kind: str, values: dict, upload=None,
           upload_dir: str = "", max_bytes: int = MAX_BYTES,
           today: date | None = None) -> DevRecord:
    """Submit a new letter or report of one's own, as text, an uploaded file or both."""
    person = account.person
    if kind not in OWN_KINDS:
        raise RuleViolation("材料类型无效")
    if person.stage not in OWN_KINDS[kind]:
        raise RuleViolation(f"当前阶段不能提交{KINDS[kind].label}")
    _writable(session, person, kind)
    if kind != "thought_report" and session.scalar(select(DevRecord.id).where(
            DevRecord.person_id == person.id, DevRecord.kind == kind,
            DevRecord.status.in_(("submitted", "approved")))):
        raise RuleViolation(f"{KINDS[kind].label}已提交，请等待审核或修改被退回的材料")
    today = today or clock.today()
    data = _clean(session, None, person, KINDS[kind],
                  {"on_date": today, **_values(values, upload)}, today)
    record = DevRecord(person_id=person.id, kind=kind, status="submitted",
                       author_person_id=person.id, **data)
    session.add(record)
    session.flush()
    _attach(session, record, upload, upload_dir, max_bytes)
    return record


def revise(session, account: PortalAccount, record_id: int, values: dict, upload=None,
           upload_dir: str = "", max_bytes: int = MAX_BYTES,
           today: date | None = None) -> DevRecord:
    """Rewrite a returned document of one's own and submit it again."""
    record = own(session, account, record_id)
    if record.status != "returned":
        raise RuleViolation("只有被退回的材料可以修改后重新提交")
    _writable(session, record.person, record.kind)
    today = today or clock.today()
    has_file = upload or session.scalar(select(DevAttachment.id).where(
        DevAttachment.record_id == record.id))
    data = _clean(session, None, record.person, KINDS[record.kind],
                  {"on_date": today, **_values(values, has_file)}, today)
    for key, value in data.items():
        setattr(record, key, value)
    record.status = "submitted"
    _attach(session, record, upload, upload_dir, max_bytes)
    return record


def own(session, account: PortalAccount, record_id: int) -> DevRecord:
    """Return a document of the account's own person, or raise NotInScope."""
    record = session.get(DevRecord, record_id)
    if record is None or record.person_id != account.person_id or record.kind not in OWN_KINDS:
        raise NotInScope("材料不存在")
    return record
