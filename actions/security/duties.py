"""Separation of duties (三员分立): system, security and audit administrators.

The business roles form a ladder (viewer < operator < admin < sysadmin). The security
administrator and the audit administrator stand outside it: they see no business data
(rank below viewer); the first manages users, roles and lockouts, the second reads and exports
the audit log. Only the system administrator grants these two roles or sysadmin.
"""
from __future__ import annotations

from models.codes import ROLE_RANK

SECURITY_ADMIN = "secadmin"
AUDIT_ADMIN = "auditadmin"
# Roles only a system administrator may grant, and only at the root organisation.
ROOT_ROLES = ("sysadmin", SECURITY_ADMIN, AUDIT_ADMIN)


def manages_users(user) -> bool:
    """Whether the user may create and change users (within scope)."""
    return user is not None and (user.can("admin") or user.role == SECURITY_ADMIN)


def reads_audit(user) -> bool:
    """Whether the user may read the audit log (business users: their own jurisdiction)."""
    return user is not None and (user.can("viewer") or user.role == AUDIT_ADMIN)


def grant_ceiling(user) -> int:
    """The highest business rank the user may grant or manage."""
    if user.role == SECURITY_ADMIN:
        return ROLE_RANK["admin"]
    return user.rank


def may_grant(actor, role: str) -> bool:
    if role in ROOT_ROLES:
        return actor.role == "sysadmin"
    return ROLE_RANK[role] <= grant_ceiling(actor)


def may_manage(actor, target) -> bool:
    """Whether `actor` may change user `target` (role, organisation, password, lock)."""
    if target.id == actor.id:
        return True
    if target.role in ROOT_ROLES:
        return actor.role == "sysadmin"
    return target.rank <= grant_ceiling(actor)
