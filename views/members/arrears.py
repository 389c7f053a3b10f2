"""Members with 6 or more consecutive unpaid months of dues: a list and a home-page reminder."""
from __future__ import annotations

from datetime import date

from flask import current_app, url_for

from actions import clock
from actions.export import Month
from actions.members import dues
from models import Person, db
from views.home import REMINDERS
from views.members.lists import PersonBaseView
from views.members.person_export import id_formatter

# Columns computed in SQL for each listed member (see dues.arrears_columns).
COMPUTED = {"paid_to": "党费交至", "months_unpaid": "未交月数", "rate": "现行月额（元）",
            "owed": "应补交金额（元）"}
KEYS = {"paid_to": "paid_to", "months_unpaid": "months", "rate": "rate", "owed": "owed"}


def since() -> date:
    """The first month whose dues the platform records (setting DUES_RECORDED_SINCE)."""
    return dues.recorded_since(db.session, current_app.config.get("DUES_RECORDED_SINCE"))


def _computed(name):
    def fmt(view, context, model, _name):
        value = getattr(model, "_arrears", {}).get(name)
        if value is None:
            return "无交纳记录" if name == "paid_to" else ("需核定" if name in ("rate", "owed") else "")
        return f"{value:%Y-%m}" if name == "paid_to" else value
    return fmt


class DuesArrearsView(PersonBaseView):
    """连续6个月未交党费: read-only, computed in SQL for the user's jurisdiction."""

    list_note = ("统计至上月：上次交纳党费的月份之后已连续6个月及以上未交纳"
                 "（从未交纳的自入党月份或本平台开始记录党费的月份起算，取较晚者）；"
                 "应补交金额按最近一次交纳的实交月额计算，从未交纳的按党员类别的最低标准，"
                 "在职、离退休党员须按收入核定")
    allow_export = True
    column_list = ["name", "sex", "id_number", "org", "stage", "joined_on", *COMPUTED]
    column_export_list = ["name", "sex", "id_number", "org", "stage", "joined_on"]
    column_labels = dict(COMPUTED)
    column_formatters = {name: _computed(name) for name in COMPUTED}
    column_sortable_list = ["name", "joined_on"]  # and months_unpaid, below
    sorted_by_own_code = ("months_unpaid",)  # by the last paid month's index, in _sorted

    def get_query(self):
        return super().get_query().filter(dues.arrears_condition(clock.today(), since()))

    def _columns(self) -> dict:
        return dues.arrears_columns(clock.today(), since())

    def get_sortable_columns(self):
        columns = super().get_sortable_columns()
        columns["months_unpaid"] = "months_unpaid"  # ordered in SQL by _sorted below
        return columns

    def _sorted(self, query, joins, sort_column, sort_desc, search, count=0):
        if sort_column == "months_unpaid":
            months = self._columns()["months"]
            return query.order_by(months.desc() if sort_desc else months.asc(), Person.id)
        return super()._sorted(query, joins, sort_column, sort_desc, search, count)

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        count, query = super().get_list(page, sort_column, sort_desc, search, filters,
                                        execute=False, page_size=page_size)
        if not execute:
            return count, query
        columns = self._columns()
        rows = query.add_columns(*[columns[KEYS[name]].label(name) for name in COMPUTED]).all()
        people = []
        for person, *values in rows:
            person._arrears = dict(zip(COMPUTED, values))
            people.append(person)
        return count, people

    def export_columns(self):
        columns = self._columns()
        formats = {"paid_to": Month.of}
        shown = id_formatter()
        own = [(h, e, shown if h == "身份证号码" else fmt) for h, e, fmt in super().export_columns()]
        return own + [
            (header, columns[KEYS[name]], formats.get(name)) for name, header in COMPUTED.items()]


def arrears_reminder(user) -> list[dict]:
    count = dues.arrears_count(db.session, user, since=since())
    return [{"label": "连续6个月以上未交纳党费的党员", "count": count if count <= 10000 else "10000+",
             "url": url_for("dues_arrears.index_view"), "level": "danger"}]


def register_reminder() -> None:
    if arrears_reminder not in REMINDERS:
        REMINDERS.append(arrears_reminder)
