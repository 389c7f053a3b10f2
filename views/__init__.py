"""Admin screens. `register(admin)` wires every view into the menu."""
from __future__ import annotations

from models import (Activity, AuditLog, DuesPayment, Evaluation, Organization, Person, Punishment,
                    Reward, User)

from .audit import AuditLogView, OwnAuditLogView
from .orgs import OrgView
from .people import DirectMemberView
from .tree import OrgTreeView
from .users import UserView

MEMBERS = "党员管理"
ORGS = "党组织管理"
SYSTEM = "系统管理"
RECORDS = "党员记录"


def register(admin) -> None:
    admin.add_view(DirectMemberView(Person, name="直管党员", category=MEMBERS,
                                    endpoint="direct_member"))
    admin.add_view(OrgTreeView(name="组织树", category=ORGS, endpoint="orgtree"))
    admin.add_view(OrgView(Organization, name="党组织", category=ORGS, endpoint="organization"))
    admin.add_view(OwnAuditLogView(AuditLog, name="本级操作记录", category=SYSTEM,
                                   endpoint="audit_own"))
    admin.add_view(AuditLogView(AuditLog, name="操作记录查询", category=SYSTEM, endpoint="audit"))
    admin.add_view(UserView(User, name="用户管理", category=SYSTEM, endpoint="user"))
    register_records(admin)


def register_records(admin) -> None:
    """Member records, dues arrears, batch entry, delegates and volunteers (issue 7)."""
    from flask_admin.menu import MenuLink

    from models import Delegate, Volunteer

    from .arrears import DuesArrearsView, register_reminder
    from .batch import BatchEntryView
    from .delegates import DelegateStatsView, DelegateView, VolunteerView
    from .records import (ActivityView, DuesView, EvaluationView, PunishmentView, RewardView,
                          register_tabs)

    for view, model, name, endpoint in (
        (ActivityView, Activity, "活动记录", "activity_record"),
        (DuesView, DuesPayment, "党费交纳", "dues_record"),
        (EvaluationView, Evaluation, "民主评议", "evaluation_record"),
        (RewardView, Reward, "奖励情况", "reward_record"),
        (PunishmentView, Punishment, "惩戒情况", "punishment_record"),
    ):
        admin.add_view(view(model, name=name, category=RECORDS, endpoint=endpoint))
    admin.add_view(DuesArrearsView(Person, name="连续6个月未交党费", category=RECORDS,
                                   endpoint="dues_arrears"))
    register_tabs()
    register_reminder()
    admin.add_view(BatchEntryView(name="批量录入", category=RECORDS, endpoint="batch"))
    admin.add_view(DelegateView(Delegate, name="党代表信息", category="党代表管理",
                                endpoint="delegate"))
    admin.add_view(DelegateStatsView(name="党代表统计", category="党代表管理",
                                     endpoint="delegate_stats"))
    admin.add_link(MenuLink(name="党代表批量录入", url="/admin/batch/?kind=delegate",
                            category="党代表管理"))
    admin.add_view(VolunteerView(Volunteer, name="党员志愿者", category=MEMBERS,
                                 endpoint="volunteer"))
