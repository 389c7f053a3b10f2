"""Activating a code into a portal account, rate limits, and portal login."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash

from actions import clock
from models import ActivationAttempt, ActivationCode, Organization, Person, PortalAccount
from models.base import utcnow

from actions.members import idnumber
from actions.development.dates import age_on
from actions.development.people import register_applicant
from actions.errors import DomainError, NotInScope, PermissionDenied, RuleViolation
from actions.users import check_password_rules, hash_password
from actions.portal.codes import digest

NEUTRAL = "激活码无效或已失效，请核对后重试，或联系所在党支部"
IP_LIMIT, IP_WINDOW = 10, timedelta(minutes=15)
CODE_LIMIT, CODE_WINDOW = 5, timedelta(hours=1)
MAX_FAILURES, LOCK_MINUTES = 5, 15
PHONE = re.compile(r"^1\d{10}$")


@dataclass
class PortalActor:
    """Who the audit log names for a portal write: no admin user, the person's organisation."""

    name: str
    org: Organization | None
    id: None = None

    @property
    def username(self) -> str:
        return f"门户：{self.name}"

    @property
    def org_id(self) -> int | None:
        return self.org.id if self.org else None


def _limited(session, ip: str, code_digest: str, now) -> bool:
    by_ip = session.scalar(select(func.count()).select_from(ActivationAttempt).where(
        ActivationAttempt.ip == ip, ActivationAttempt.at > now - IP_WINDOW))
    by_code = session.scalar(select(func.count()).select_from(ActivationAttempt).where(
        ActivationAttempt.code_digest == code_digest, ActivationAttempt.at > now - CODE_WINDOW))
    return by_ip >= IP_LIMIT or by_code >= CODE_LIMIT


def activate(session, secret: str, ip: str, code: str, id_number: str, name: str, phone: str,
             password: str, repeat: str, today: date | None = None) -> PortalAccount:
    """Turn a valid code into a portal account; failures are counted per IP and per code."""
    now = utcnow()
    key = digest(secret, code)
    if _limited(session, ip or "-", key, now):
        raise RuleViolation("尝试次数过多，请稍后再试", "code")
    try:
        return _activate(session, key, id_number, name, phone, password, repeat,
                         today or clock.today(), now)
    except DomainError:
        session.rollback()
        session.add(ActivationAttempt(ip=(ip or "-")[:45], code_digest=key, at=now))
        session.commit()
        raise


def _activate(session, key, id_number, name, phone, password, repeat, today, now):
    row = session.scalar(select(ActivationCode).where(ActivationCode.code_digest == key))
    if row is None or row.state(now) != "unused":
        raise RuleViolation(NEUTRAL, "code")
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise RuleViolation("请填写姓名", "name")
    phone = (phone or "").strip()
    if not PHONE.match(phone):
        raise RuleViolation("请填写11位手机号码", "phone")
    info = idnumber.parse(id_number)
    check_password_rules(password)
    if password != repeat:
        raise RuleViolation("两次输入的密码不一致", "repeat")
    # Claim the code atomically: of two simultaneous activations only one changes the row.
    claimed = session.execute(
        update(ActivationCode).where(ActivationCode.id == row.id, ActivationCode.status == "unused")
        .values(status="activated", activated_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        raise RuleViolation(NEUTRAL, "code")
    if row.purpose == "member":
        person = row.member
        if person is None or person.org_id != row.org_id or person.status != "normal":
            raise RuleViolation(NEUTRAL, "code")
        if person.id_number != info.number or person.name != name:
            raise RuleViolation("身份证号码或姓名与党支部登记的信息不一致", "id_number")
        role = "member" if person.stage in ("probationary", "full") else "applicant"
        account = session.scalar(select(PortalAccount).where(PortalAccount.person_id == person.id))
        if account is not None:  # a new code for a registered person resets a forgotten password
            account.password_hash, account.active = hash_password(password), True
            account.failed_logins, account.locked_until, account.role = 0, None, role
            return _finish(session, row, account)
    else:
        if age_on(info.birth_date, today) < 18:
            raise RuleViolation("申请入党须年满18周岁（党章第一条）", "id_number")
        try:
            person = register_applicant(session, row.created_by, row.org_id, info.number,
                                        {"name": name, "phone": phone}, commit=False)
        except (PermissionDenied, NotInScope):
            raise RuleViolation(NEUTRAL, "code") from None
        role = "applicant"
    account = PortalAccount(person=person, role=role, password_hash=hash_password(password),
                            active=True, failed_logins=0, created_at=now)
    session.add(account)
    return _finish(session, row, account)


def _finish(session, row: ActivationCode, account: PortalAccount) -> PortalAccount:
    session.flush()
    session.execute(update(ActivationCode).where(ActivationCode.id == row.id)
                    .values(person_id=account.person_id)
                    .execution_options(synchronize_session=False))
    session.commit()
    return account


def authenticate(session, id_number: str, password: str) -> PortalAccount:
    """Return the active account for an ID number and password, locking after repeated failures."""
    number = idnumber.normalize(id_number)
    account = session.scalar(select(PortalAccount)
                             .join(Person, PortalAccount.person_id == Person.id)
                             .where(Person.id_number == number))
    now = utcnow()
    if account is None or not account.active or account.person.status not in ("normal", "pending"):
        raise RuleViolation("身份证号码或密码错误", "password")
    if account.locked_until and account.locked_until > now:
        raise RuleViolation(f"密码错误次数过多，请{LOCK_MINUTES}分钟后再试", "password")
    if not check_password_hash(account.password_hash, password or ""):
        account.failed_logins = (account.failed_logins or 0) + 1
        if account.failed_logins >= MAX_FAILURES:
            account.failed_logins, account.locked_until = 0, now + timedelta(minutes=LOCK_MINUTES)
        session.commit()
        raise RuleViolation("身份证号码或密码错误", "password")
    account.failed_logins, account.locked_until, account.last_login_at = 0, None, now
    session.commit()
    return account
