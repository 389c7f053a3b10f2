"""Activating a code into a portal account, rate limits, and portal login."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select, update
from werkzeug.security import check_password_hash

from actions import clock
from actions.development.dates import age_on
from actions.development.people import register_applicant
from actions.errors import DomainError, NotInScope, PermissionDenied, RuleViolation
from actions.members import idnumber
from actions.portal.codes import digest
from actions.security import lockout
from actions.users import NOBODY, check_password_rules, hash_password, spend_check_time
from models import ActivationAttempt, ActivationCode, Organization, Person, PortalAccount
from models.base import utcnow

NEUTRAL = "激活码无效或已失效，请核对后重试，或联系所在党支部"
IP_LIMIT, IP_WINDOW = 10, timedelta(minutes=15)
CODE_LIMIT, CODE_WINDOW = 5, timedelta(hours=1)
MAX_FAILURES, LOCK_MINUTES = 5, 15
# One answer for an unknown ID number, a wrong password and a locked account.
BAD_LOGIN = (f"身份证号码或密码错误，或账号已被锁定（连续错误{MAX_FAILURES}次将锁定账号"
             f"{LOCK_MINUTES}分钟）")
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
    """Whether the attempts so far, this one included, exceed a limit."""
    by_ip = session.scalar(select(func.count()).select_from(ActivationAttempt).where(
        ActivationAttempt.ip == ip, ActivationAttempt.at > now - IP_WINDOW))
    by_code = session.scalar(select(func.count()).select_from(ActivationAttempt).where(
        ActivationAttempt.code_digest == code_digest, ActivationAttempt.at > now - CODE_WINDOW))
    return by_ip > IP_LIMIT or by_code > CODE_LIMIT


def activate(session, secret: str, ip: str, code: str, id_number: str, name: str, phone: str,
             password: str, repeat: str, today: date | None = None) -> PortalAccount:
    """Turn a valid code into a portal account; failures are counted per IP and per code.

    The attempt is recorded (committed) before it is counted and checked, so of any number of
    simultaneous attempts at most the limit are evaluated: each sees every attempt committed
    before its count, its own included. A successful attempt removes its record again.
    """
    now = utcnow()
    key = digest(secret, code)
    ip = (ip or "-")[:45]
    attempt = ActivationAttempt(ip=ip, code_digest=key, at=now)
    session.add(attempt)
    session.commit()
    attempt_id = attempt.id
    if _limited(session, ip, key, now):
        # A refused attempt was not evaluated: it does not prolong the wait. (Failed evaluated
        # attempts are never removed, so the limit still holds for whoever counts next.)
        _forget(session, attempt_id)
        raise RuleViolation("尝试次数过多，请稍后再试", "code")
    try:
        account = _activate(session, key, id_number, name, phone, password, repeat,
                            today or clock.today(), now)
    except DomainError:
        session.rollback()
        raise
    _forget(session, attempt_id)
    return account


def _forget(session, attempt_id: int) -> None:
    session.rollback()
    session.execute(delete(ActivationAttempt).where(ActivationAttempt.id == attempt_id)
                    .execution_options(synchronize_session=False))
    session.commit()


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
    """Return the active account for an ID number and password, locking after repeated failures.

    Attempts are counted atomically before the check (actions.security.lockout): at most
    MAX_FAILURES guesses are evaluated however many arrive at once. Every failure gets the
    same message after one password hash's work (see actions.users.authenticate).
    """
    number = idnumber.normalize(id_number)
    account = session.scalar(select(PortalAccount)
                             .join(Person, PortalAccount.person_id == Person.id)
                             .where(Person.id_number == number))
    now = utcnow()
    # An applicant whose process ended still logs in, to read that it ended and why.
    if account is None or not account.active or account.person.status not in (
            "normal", "pending", "ended"):
        # The same work as for a locked account: an attempt counted against no row, one hash.
        lockout.claim_attempt(session, PortalAccount, NOBODY, MAX_FAILURES, LOCK_MINUTES, now)
        spend_check_time(password)
        raise RuleViolation(BAD_LOGIN, "password")
    account_id = account.id
    if lockout.claim_attempt(session, PortalAccount, account_id, MAX_FAILURES, LOCK_MINUTES,
                             now) is None:
        spend_check_time(password)
        raise RuleViolation(BAD_LOGIN, "password")
    account = session.get(PortalAccount, account_id)
    if not check_password_hash(account.password_hash, password or ""):
        raise RuleViolation(BAD_LOGIN, "password")
    lockout.succeeded(session, PortalAccount, account_id, last_login_at=now)
    session.expire_all()
    return session.get(PortalAccount, account_id)
