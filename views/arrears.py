"""Members with 6 or more consecutive unpaid months of dues: a list and a home-page reminder."""
from __future__ import annotations

from datetime import date

from flask import current_app, url_for

from actions import clock
from actions.members import dues
from models import db

from views.home import REMINDERS
from views.members.lists import PersonBaseView


def since() -> date:
    """The first month whose dues the platform records (setting DUES_RECORDED_SINCE)."""
    return dues.recorded_since(db.session, current_app.config.get("DUES_RECORDED_SINCE"))


class DuesArrearsView(PersonBaseView):
    """连续6个月未交党费: read-only, computed in SQL for the user's jurisdiction."""

    list_note = ("统计至上月：上次交纳党费的月份之后已连续6个月及以上未交纳"
                 "（从未交纳的自入党月份或本平台开始记录党费的月份起算，取较晚者）")
    allow_export = True

    def get_query(self):
        return super().get_query().filter(dues.arrears_condition(clock.today(), since()))


def arrears_reminder(user) -> list[dict]:
    count = dues.arrears_count(db.session, user, since=since())
    return [{"label": "连续6个月以上未交纳党费的党员", "count": count if count <= 10000 else "10000+",
             "url": url_for("dues_arrears.index_view"), "level": "danger"}]


def register_reminder() -> None:
    if arrears_reminder not in REMINDERS:
        REMINDERS.append(arrears_reminder)
