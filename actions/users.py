"""Users: creation, authentication with lockout, password changes."""
from __future__ import annotations

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from actions.errors import PermissionDenied, RuleViolation
from actions.scoping import ensure_in_scope
from actions.security import lockout
from actions.security.duties import ROOT_ROLES, manages_users, may_grant, may_manage
from actions.security.sessions import end_sessions
from models import Organization, User
from models.base import utcnow
from models.codes import ROLE

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
# One message for an unknown user, a wrong password and a locked account: it must not tell
# which it was (no user enumeration), so it names all three honestly.
BAD_LOGIN = (f"用户名或密码错误，或账号已被锁定（连续错误{MAX_FAILURES}次将锁定账号"
             f"{LOCK_MINUTES}分钟）")
# Checked against when there is no password to check (unknown user, locked account), so every
# failure spends the time of one password check.
_DUMMY_HASH = generate_password_hash("no-such-user-0", method="scrypt")
NOBODY = 0  # a primary key no row has: attempts for unknown names are counted against it


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def spend_check_time(password: str | None) -> None:
    """Take as long as one password check, where there is no password to check."""
    check_password_hash(_DUMMY_HASH, password or "")


def check_password_rules(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD:
        raise RuleViolation(f"密码至少{MIN_PASSWORD}位", field)
    if password.isdigit() or password.isalpha():
        raise RuleViolation("密码须同时包含字母和数字", field)


def check_role(actor, role: str, field: str = "role") -> None:
    if role not in ROLE:
        raise RuleViolation("请选择角色", field)
    if actor is not None and not may_grant(actor, role):
        raise RuleViolation("不能授予高于自己的角色（系统、安全、审计管理员只能由系统管理员设置）",
                            field)


def create_user(session, actor, username: str, password: str, org_id: int | None, role: str,
                full_name: str | None = None) -> User:
    """Create a user in an organisation of the actor's subtree (actor None: set-up commands)."""
    if actor is not None and not manages_users(actor):
        raise PermissionDenied()
    username = (username or "").strip()
    if not username or len(username) > 50:
        raise RuleViolation("请输入用户名（不超过50个字符）", "username")
    if session.execute(select(User.id).where(User.username == username)).first():
        raise RuleViolation("用户名已存在", "username")
    org = session.get(Organization, org_id) if org_id else None
    if org is None:
        raise RuleViolation("请选择所属党组织", "org")
    if actor is not None:
        ensure_in_scope(org, actor, "org")
    if role in ROOT_ROLES and org.parent_id is not None:
        raise RuleViolation("系统、安全、审计管理员只能设在根党组织", "role")
    check_role(actor, role)
    check_password_rules(password)
    user = User(username=username, password_hash=hash_password(password), org_id=org.id,
                role=role, full_name=(full_name or "").strip() or None, active=True)
    session.add(user)
    session.commit()
    return user


def update_user(session, actor, user: User, org_id: int | None, role: str, active: bool,
                full_name: str | None) -> User:
    if not manages_users(actor):
        raise PermissionDenied()
    ensure_in_scope(user, actor)
    if not may_manage(actor, user):
        raise PermissionDenied("不能修改角色高于自己的用户")
    org = session.get(Organization, org_id) if org_id else None
    if org is None:
        raise RuleViolation("请选择所属党组织", "org")
    ensure_in_scope(org, actor, "org")
    if role != user.role:
        check_role(actor, role)
    if user.id == actor.id and (role != user.role or not active):
        raise RuleViolation("不能修改自己的角色或停用自己", "role")
    if role in ROOT_ROLES and org.parent_id is not None:
        raise RuleViolation("系统、安全、审计管理员只能设在根党组织", "role")
    # A new role, organisation or a deactivation ends the user's open sessions.
    rights_changed = (role != user.role or org.id != user.org_id
                      or bool(active) != bool(user.active))
    user.org_id, user.role, user.active = org.id, role, bool(active)
    user.full_name = (full_name or "").strip() or None
    if rights_changed:
        session.flush()
        end_sessions(session, user.id)
    session.commit()
    return user


def set_password(session, actor, user: User, password: str) -> None:
    """Reset another user's password (administrators) within scope."""
    if not manages_users(actor):
        raise PermissionDenied()
    ensure_in_scope(user, actor)
    if not may_manage(actor, user):
        raise PermissionDenied("不能修改角色高于自己的用户")
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    session.flush()
    end_sessions(session, user.id)
    session.commit()


def change_own_password(session, user: User, old: str, new: str, repeat: str) -> int:
    """Change the user's own password; every session of the user ends. Return the new session
    generation (the caller keeps its current session on it)."""
    if not check_password_hash(user.password_hash, old or ""):
        raise RuleViolation("原密码不正确", "old_password")
    if new != repeat:
        raise RuleViolation("两次输入的新密码不一致", "repeat")
    if new == old:
        raise RuleViolation("新密码不能与原密码相同", "new_password")
    check_password_rules(new, "new_password")
    user.password_hash = hash_password(new)
    session.flush()
    generation = end_sessions(session, user.id)
    session.commit()
    return generation


def authenticate(session, username: str, password: str) -> User:
    """Return the user for valid credentials; lock after five wrong passwords.

    The attempt is counted atomically before the password is checked (actions.security.lockout),
    so however many guesses arrive at once, at most MAX_FAILURES of them are evaluated. An
    unknown user, a wrong password and a locked account get the same message after the same
    work (one password hash), so neither the answer nor its timing tells them apart.
    """
    user = session.execute(
        select(User).where(User.username == (username or "").strip()[:50])
    ).scalar_one_or_none()
    now = utcnow()
    if user is None or not user.active:
        # The same work as for a locked account: an attempt counted against no row, one hash.
        lockout.claim_attempt(session, User, NOBODY, MAX_FAILURES, LOCK_MINUTES, now)
        spend_check_time(password)
        raise RuleViolation(BAD_LOGIN, "password")
    user_id, org_path = user.id, user.org.path if user.org is not None else None
    number = lockout.claim_attempt(session, User, user_id, MAX_FAILURES, LOCK_MINUTES, now,
                                   org_path)
    if number is None:  # locked: the guess is not evaluated
        spend_check_time(password)
        raise RuleViolation(BAD_LOGIN, "password")
    user = session.get(User, user_id)
    if not check_password_hash(user.password_hash, password or ""):
        raise RuleViolation(BAD_LOGIN, "password")
    lockout.succeeded(session, User, user_id, org_path=org_path, last_login_at=now)
    session.expire_all()
    return session.get(User, user_id)


def unlock(session, actor, user: User) -> None:
    """Clear a login lock (administrators, within scope)."""
    if not manages_users(actor):
        raise PermissionDenied()
    ensure_in_scope(user, actor)
    if not may_manage(actor, user):
        raise PermissionDenied("不能修改角色高于自己的用户")
    user.failed_logins, user.locked_until = 0, None
    session.commit()
