"""Users: creation, authentication with lockout, password changes."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from models import Organization, User
from models.base import utcnow
from models.codes import ROLE, ROLE_RANK

from actions.errors import PermissionDenied, RuleViolation
from actions.scoping import ensure_in_scope

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def check_password_rules(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD:
        raise RuleViolation(f"密码至少{MIN_PASSWORD}位", field)
    if password.isdigit() or password.isalpha():
        raise RuleViolation("密码须同时包含字母和数字", field)


def check_role(actor, role: str, field: str = "role") -> None:
    if role not in ROLE:
        raise RuleViolation("请选择角色", field)
    if actor is not None and ROLE_RANK[role] > actor.rank:
        raise RuleViolation("不能授予高于自己的角色", field)
    if actor is not None and role == "sysadmin" and actor.role != "sysadmin":
        raise RuleViolation("不能授予高于自己的角色", field)


def create_user(session, actor, username: str, password: str, org_id: int | None, role: str,
                full_name: str | None = None) -> User:
    """Create a user in an organisation of the actor's subtree (actor None: set-up commands)."""
    if actor is not None and not actor.can("admin"):
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
    if role == "sysadmin" and org.parent_id is not None:
        raise RuleViolation("系统管理员只能设在根党组织", "role")
    check_role(actor, role)
    check_password_rules(password)
    user = User(username=username, password_hash=hash_password(password), org_id=org.id,
                role=role, full_name=(full_name or "").strip() or None, active=True)
    session.add(user)
    session.commit()
    return user


def update_user(session, actor, user: User, org_id: int | None, role: str, active: bool,
                full_name: str | None) -> User:
    if not actor.can("admin"):
        raise PermissionDenied()
    ensure_in_scope(user, actor)
    if user.id != actor.id and user.rank > actor.rank:
        raise PermissionDenied("不能修改角色高于自己的用户")
    org = session.get(Organization, org_id) if org_id else None
    if org is None:
        raise RuleViolation("请选择所属党组织", "org")
    ensure_in_scope(org, actor, "org")
    check_role(actor, role)
    if user.id == actor.id and (role != user.role or not active):
        raise RuleViolation("不能修改自己的角色或停用自己", "role")
    user.org_id, user.role, user.active = org.id, role, bool(active)
    user.full_name = (full_name or "").strip() or None
    session.commit()
    return user


def set_password(session, actor, user: User, password: str) -> None:
    """Reset another user's password (administrators) within scope."""
    if not actor.can("admin"):
        raise PermissionDenied()
    ensure_in_scope(user, actor)
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    session.commit()


def change_own_password(session, user: User, old: str, new: str, repeat: str) -> None:
    if not check_password_hash(user.password_hash, old or ""):
        raise RuleViolation("原密码不正确", "old_password")
    if new != repeat:
        raise RuleViolation("两次输入的新密码不一致", "repeat")
    if new == old:
        raise RuleViolation("新密码不能与原密码相同", "new_password")
    check_password_rules(new, "new_password")
    user.password_hash = hash_password(new)
    session.commit()


def authenticate(session, username: str, password: str) -> User:
    """Return the user for valid credentials; count failures and lock after five."""
    user = session.execute(
        select(User).where(User.username == (username or "").strip())
    ).scalar_one_or_none()
    now = utcnow()
    if user is None or not user.active:
        raise RuleViolation("用户名或密码错误", "password")
    if user.locked_until and user.locked_until > now:
        minutes = int((user.locked_until - now).total_seconds() // 60) + 1
        raise RuleViolation(f"密码错误次数过多，账号已锁定，请{minutes}分钟后再试", "password")
    if not check_password_hash(user.password_hash, password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            session.commit()
            raise RuleViolation(f"密码连续错误{MAX_FAILURES}次，账号已锁定{LOCK_MINUTES}分钟", "password")
        session.commit()
        left = MAX_FAILURES - user.failed_logins
        raise RuleViolation(f"用户名或密码错误（再错{left}次将锁定账号）", "password")
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    session.commit()
    return user


def unlock(session, actor, user: User) -> None:
    """Clear a login lock (administrators, within scope)."""
    if not actor.can("admin"):
        raise PermissionDenied()
    ensure_in_scope(user, actor)
    user.failed_logins, user.locked_until = 0, None
    session.commit()
