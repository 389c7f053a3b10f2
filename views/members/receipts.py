"""回执逾期: letters whose receipt is not back a month after issue, by organisation and days late."""
from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_login import current_user
from markupsafe import Markup, escape

from actions import clock
from actions.members import transfers
from actions.orgs import tree as orgs
from models import Transfer, db
from views.base import user_has
from views.members.transfers import TransferOutView, _letter_link


class FromOrgFilter(BaseSQLAFilter):
    """开具介绍信的党组织（含下级）: a code or full name inside the user's scope."""

    def __init__(self, name="开具党组织（含下级）"):
        super().__init__(Transfer.from_org_path, name)

    def apply(self, query, value, alias=None):
        org = orgs.find_org(db.session, value, current_user)
        if org is None:
            return query.filter(Transfer.id < 0)
        return query.filter(transfers.issued_under(org.path))

    def operation(self):
        return "代码或全称"


class DaysOverdueFilter(BaseSQLAFilter):
    """逾期天数不少于 N: issued more than 30 + N days ago."""

    def __init__(self, name="逾期天数"):
        super().__init__(Transfer.issued_on, name)

    def validate(self, value):
        return str(value).strip().isdigit() and int(value) <= 36500

    def clean(self, value):
        return int(str(value).strip())

    def apply(self, query, value, alias=None):
        return query.filter(*transfers.overdue_clause(clock.today(), value))

    def operation(self):
        return "不少于（天）"


def _receipt_button(v, c, m, n):
    if not user_has("operator") or m.status not in ("issued", "accepted"):
        return ""
    href = url_for("transfer_desk.receipt", id=m.id, url=url_for("receipt_overdue.index_view"))
    return Markup(f"<a class='btn btn-sm btn-outline-primary' href='{escape(href)}'>登记回执</a>")


class ReceiptOverdueView(TransferOutView):
    """回执逾期: the sender's letters whose receipt is overdue, the most overdue first."""

    list_note = (f"介绍信开具{transfers.RECEIPT_DAYS}天后回执仍未返回的转出记录；"
                 "回执返回后点“登记回执”填写实际返回日期")
    column_list = ["letter_no", "person", "from_org", "to_org_name", "issued_on", "status",
                   "days_overdue", "register"]
    column_labels = {"days_overdue": "逾期天数", "register": "操作", "from_org": "开具党组织"}
    column_export_list = ["letter_no", "person", "from_org", "to_org_name", "issued_on", "status"]
    column_default_sort = ("issued_on", False)
    column_filters = [FromOrgFilter(), DaysOverdueFilter()]
    column_formatters = {
        "letter_no": _letter_link,
        "days_overdue": lambda v, c, m, n: transfers.overdue_days(m),
        "register": _receipt_button,
    }
    action_disallowed_list = ["cancel"]

    def get_query(self):
        return super().get_query().filter(*transfers.overdue_clause(clock.today()))

    @staticmethod
    def listed_row() -> dict:
        """Values of a row this list shows (for the scoping test): issued 40 days ago."""
        return {"status": "issued", "issued_on": clock.today() - timedelta(days=40)}
