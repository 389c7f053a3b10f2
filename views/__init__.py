"""Admin screens. `register(admin)` wires every view into the menu."""
from __future__ import annotations

from models import (
    ActivationCode,
    Assistance,
    AuditLog,
    DifficultMember,
    Organization,
    OrgTeam,
    User,
)
from views.audit_log import AuditLogView, OwnAuditLogView
from views.development.codes import CodeView
from views.development.wiring import register as register_development
from views.home import REMINDERS
from views.members.importing import PersonImportView
from views.members.menu import register_members
from views.members.records_menu import register_records
from views.members.tabs import register_tab
from views.orgs.difficulty import AssistanceView, DifficultMemberView, person_tab
from views.orgs.lists import OrgView
from views.orgs.page import OrgPageView
from views.orgs.records import OrgTeamView, due_reminder, record_views
from views.orgs.tree import OrgTreeView
from views.stats.query import PersonQueryView
from views.stats.tables import StatTableView, SummaryView
from views.users import UserView

MEMBERS = "党员管理"
ORGS = "党组织管理"
SYSTEM = "系统管理"
STATS = "查询统计"
DIFFICULTY = "困难党员管理"


from views.export_jobs import ExportJobView  # noqa: E402
from views.find import FindView  # noqa: E402


def register(admin) -> None:
    register_members(admin)
    admin.add_view(OrgTreeView(name="组织树", category=ORGS, endpoint="orgtree"))
    admin.add_view(OrgView(Organization, name="党组织", category=ORGS, endpoint="organization"))
    admin.add_view(OrgPageView(name="党组织信息", endpoint="orgpage"))
    admin.add_view(OrgTeamView(OrgTeam, name="班子换届", category=ORGS, endpoint="org_team"))
    for view in record_views(category="党组织扩展信息"):
        admin.add_view(view)
    admin.add_view(DifficultMemberView(DifficultMember, name="困难党员", category=DIFFICULTY,
                                       endpoint="difficult_member"))
    admin.add_view(AssistanceView(Assistance, name="慰问记录", category=DIFFICULTY,
                                  endpoint="assistance"))
    if due_reminder not in REMINDERS:
        REMINDERS.append(due_reminder)
    register_tab("difficulty", "困难与慰问", person_tab, order=80)
    admin.add_view(OwnAuditLogView(AuditLog, name="本级操作记录", category=SYSTEM,
                                   endpoint="audit_own"))
    admin.add_view(AuditLogView(AuditLog, name="操作记录查询", category=SYSTEM, endpoint="audit"))
    admin.add_view(UserView(User, name="用户管理", category=SYSTEM, endpoint="user"))
    register_development(admin)
    admin.add_view(PersonQueryView(name="信息查询", category=STATS, endpoint="person_query"))
    admin.add_view(ExportJobView(name="导出任务", category=STATS, endpoint="export_jobs"))
    admin.add_view(SummaryView(name="信息汇总", category=STATS, endpoint="stat_summary"))
    admin.add_view(StatTableView(name="统计表", category=STATS, endpoint="stat_table"))
    admin.add_view(PersonImportView(name="批量导入党员", category=MEMBERS, endpoint="person_import"))
    register_records(admin)
    admin.add_view(CodeView(ActivationCode, name="串码管理", category="发展党员",
                            endpoint="activation_code"))
    admin.add_view(FindView(name="查找", endpoint="find"))
