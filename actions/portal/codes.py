"""Activation codes (串码): generated for a branch, shown once, stored as a keyed digest."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from actions.errors import PermissionDenied, RuleViolation
from actions.members import idnumber
from actions.scoping import ensure_in_scope
from models import ActivationCode, Organization, Person
from models.base import utcnow
from models.codes import BRANCH_KINDS

# No 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B look-alikes: a code read aloud or copied from paper stays exact.
ALPHABET = "ACDEFGHJKMNPRTUVWXY34679"
LENGTH = 12  # 24**12 ≈ 3.7e16 (~55 bits); guessing is further limited per IP and per code
MAX_DAYS = 90
DEFAULT_DAYS = 7


def normalize(raw: str | None) -> str:
    """Return the code as typed without spaces or dashes, upper case."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def digest(secret: str, raw: str | None) -> str:
    """Return the keyed digest stored for a code: useless without the server's secret key."""
    return hmac.new(secret.encode(), normalize(raw).encode(), hashlib.sha256).hexdigest()


def display(code: str) -> str:
    """Return the code in groups of four for reading aloud."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


@dataclass
class Issued:
    row: ActivationCode
    code: str  # the plain code: shown once, never stored

    @property
    def shown(self) -> str:
        return display(self.code)


def generate(session, actor, secret: str, org_id: int | None, days: int | str | None,
             note: str | None = None, id_number: str | None = None) -> Issued:
    """Create a code for a branch of the actor's jurisdiction; return it with its plain text.

    With the `id_number` of a registered person of that branch the code opens (or resets the password of) that registered person's portal
    account: a member acting as contact or introducer, or an applicant who forgot the password.
    """
    if not actor.can("operator"):
        raise PermissionDenied()
    org = session.get(Organization, int(org_id)) if str(org_id or "").isdigit() else None
    if org is None:
        raise RuleViolation("请选择党支部", "org")
    ensure_in_scope(org, actor, "org")
    if org.status != "active" or org.kind not in BRANCH_KINDS:
        raise RuleViolation("串码只能为正常状态的党支部生成", "org")
    try:
        days = int(days if days not in (None, "") else DEFAULT_DAYS)
    except (TypeError, ValueError):
        raise RuleViolation("有效天数应为整数", "days") from None
    if not 1 <= days <= MAX_DAYS:
        raise RuleViolation(f"有效天数应在1至{MAX_DAYS}天之间", "days")
    note = (note or "").strip() or None
    if note and len(note) > 50:
        raise RuleViolation("发放对象不能超过50个字", "note")
    member = None
    if (id_number or "").strip():
        member = session.scalar(select(Person).where(
            Person.id_number == idnumber.normalize(id_number)))
        if member is None or member.org_id != org.id or member.status != "normal":
            raise RuleViolation("该党支部没有登记此身份证号码的人员", "member")
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    row = ActivationCode(org_id=org.id, purpose="member" if member else "applicant",
                         code_digest=digest(secret, code), hint=code[-2:], note=note,
                         member_id=member.id if member else None, status="unused",
                         created_by_id=actor.id, created_at=utcnow(),
                         expires_at=utcnow() + timedelta(days=days))
    session.add(row)
    session.commit()
    return Issued(row, code)


def revoke(session, actor, rows) -> int:
    """Revoke the unused codes among `rows`; return how many were revoked."""
    if not actor.can("operator"):
        raise PermissionDenied()
    now, n = utcnow(), 0
    for row in rows:
        ensure_in_scope(row, actor)
        if row.state(now) == "unused":
            row.status, row.revoked_at, row.revoked_by_id = "revoked", now, actor.id
            n += 1
    session.commit()
    return n
