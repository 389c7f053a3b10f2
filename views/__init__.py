"""Admin screens. `register(admin)` wires every view into the menu."""
from __future__ import annotations

from models import AuditLog, Organization, User

from .audit import AuditLogView, OwnAuditLogView
from .orgs import OrgView
from .member_menu import register_members
from .tree import OrgTreeView
from .users import UserView

MEMBERS = "党员管理"
ORGS = "党组织管理"
SYSTEM = "系统管理"


def register(admin) -> None:
    register_members(admin)
    admin.add_view(OrgTreeView(name="组织树", category=ORGS, endpoint="orgtree"))
    admin.add_view(OrgView(Organization, name="党组织", category=ORGS, endpoint="organization"))
    admin.add_view(OwnAuditLogView(AuditLog, name="本级操作记录", category=SYSTEM,
                                   endpoint="audit_own"))
    admin.add_view(AuditLogView(AuditLog, name="操作记录查询", category=SYSTEM, endpoint="audit"))
    admin.add_view(UserView(User, name="用户管理", category=SYSTEM, endpoint="user"))
