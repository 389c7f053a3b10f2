"""Attachments of development records: type checked by content, size limited, stored privately."""
from __future__ import annotations

import io
import os
import uuid
import zipfile

from actions.development.records import ensure_editable
from actions.errors import RuleViolation
from actions.scoping import ensure_in_scope
from models import DevAttachment, DevRecord

MAX_BYTES = 10 * 1024 * 1024
OOXML = {"word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
         "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
         "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")}


def sniff(data: bytes) -> tuple[str, str] | None:
    """Return (extension, MIME type) judged from the file's first bytes, or None if not allowed."""
    if data.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg", "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif", "image/gif"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # legacy .doc/.xls/.ppt
        return "doc", "application/msword"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            for prefix, kind in OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    return None


def add_attachment(session, actor, record: DevRecord, filename: str, data: bytes,
                   upload_dir: str, max_bytes: int = MAX_BYTES) -> DevAttachment:
    """Store a file for a record after checking its real type and size."""
    ensure_editable(session, actor, record.person, record.kind)
    return store_file(session, record, filename, data, upload_dir, max_bytes, actor.id)


def store_file(session, record: DevRecord, filename: str, data: bytes, upload_dir: str,
               max_bytes: int = MAX_BYTES, uploaded_by_id: int | None = None) -> DevAttachment:
    """Check and store a file for a record and commit; the caller has checked the right to write."""
    name = os.path.basename((filename or "").replace("\\", "/")).strip()[:200] or "附件"
    if not data:
        raise RuleViolation("请选择要上传的文件", "file")
    if len(data) > max_bytes:
        raise RuleViolation(f"文件不能超过{max_bytes // (1024 * 1024)}MB", "file")
    kind = sniff(data)
    if kind is None:
        raise RuleViolation("只能上传PDF、图片（JPG/PNG/GIF）或Office文档", "file")
    stored = f"{uuid.uuid4().hex}.{kind[0]}"
    folder = os.path.join(upload_dir, "development")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, stored)
    with open(path, "wb") as fh:
        fh.write(data)
    try:
        att = DevAttachment(person_id=record.person_id, record_id=record.id, filename=name,
                            mime=kind[1], size=len(data), stored_name=stored,
                            uploaded_by_id=uploaded_by_id)
        session.add(att)
        session.commit()
    except Exception:
        session.rollback()
        os.remove(path)
        raise
    return att


def attachment_path(session, actor, attachment_id: int, upload_dir: str):
    """Return (attachment, file path) for an attachment inside the actor's jurisdiction."""
    att = session.get(DevAttachment, attachment_id)
    ensure_in_scope(att, actor)
    path = os.path.join(upload_dir, "development", att.stored_name)
    if not os.path.isfile(path):
        raise RuleViolation("附件文件不存在")
    return att, path
