"""Menu wiring of member records, dues arrears, batch entry, delegates and volunteers (issue 7)."""
from __future__ import annotations

from flask_admin.menu import MenuLink

from models import (Activity, Delegate, DuesPayment, Evaluation, Person, Punishment, Reward,
                    Volunteer)

from views.members.arrears import DuesArrearsView, register_reminder
from views.batch import BatchEntryView
from views.delegates import DelegateStatsView, DelegateView, VolunteerView
from views.members.records import ActivityView, DuesView, EvaluationView, PunishmentView, RewardView, register_tabs

MEMBERS = "党员管理"
RECORDS = "党员记录"
DELEGATES = "党代表管理"


def register_records(admin) -> None:
    """Add the record, batch-entry, delegate and volunteer screens."""
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
    admin.add_view(DelegateView(Delegate, name="党代表信息", category=DELEGATES,
                                endpoint="delegate"))
    admin.add_view(DelegateStatsView(name="党代表统计", category=DELEGATES,
                                     endpoint="delegate_stats"))
    admin.add_link(MenuLink(name="党代表批量录入", url="/admin/batch/?kind=delegate",
                            category=DELEGATES))
    admin.add_view(VolunteerView(Volunteer, name="党员志愿者", category=MEMBERS,
                                 endpoint="volunteer"))
