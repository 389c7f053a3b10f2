"""Admin screens. `register(admin)` wires every view into the menu."""
from __future__ import annotations

from models import ActivationCode, AuditLog, Organization, Person, User

from .audit import AuditLogView, OwnAuditLogView
from .codes import CodeView
from .development.wiring import register as register_development
from .orgs import OrgView
from .people import DirectMemberView
from .tree import OrgTreeView
from .users import UserView

MEMBERS = "党员管理"
ORGS = "党组织管理"
SYSTEM = "系统管理"


def register(admin) -> None:
    admin.add_view(DirectMemberView(Person, name="直管党员", category=MEMBERS,
                                    endpoint="direct_member"))
    admin.add_view(OrgTreeView(name="组织树", category=ORGS, endpoint="orgtree"))
    admin.add_view(OrgView(Organization, name="党组织", category=ORGS, endpoint="organization"))
    admin.add_view(OwnAuditLogView(AuditLog, name="本级操作记录", category=SYSTEM,
                                   endpoint="audit_own"))
    admin.add_view(AuditLogView(AuditLog, name="操作记录查询", category=SYSTEM, endpoint="audit"))
    admin.add_view(UserView(User, name="用户管理", category=SYSTEM, endpoint="user"))
    register_development(admin)
    admin.add_view(CodeView(ActivationCode, name="串码管理", category="发展党员",
                            endpoint="activation_code"))
    from .portal import init_app as init_portal

    init_portal(admin.app)
