"""Home page: live counts for the user's jurisdiction and the items waiting for the user."""
from __future__ import annotations

from typing import Callable

from flask import url_for
from flask_admin import AdminIndexView, expose
from werkzeug.routing import BuildError
from flask_login import current_user

from actions import stats
from models import db
from models.codes import STAGE

from .base import SecureAccess

# Other screens add reminders here: fn(user) -> list of {"label", "count", "url", "level"}.
REMINDERS: list[Callable] = []


def _url(endpoint: str) -> str | None:
    try:
        return url_for(endpoint)
    except BuildError:
        return None


def pending_members(user) -> list[dict]:
    """New members entered below the user's organisation, waiting for approval."""
    return [{"label": "待审批党员", "count": stats.pending_approvals(db.session, user),
             "url": _url("pending_member.index_view"), "level": "warning"}]


REMINDERS.append(pending_members)


class HomeView(SecureAccess, AdminIndexView):
    @expose("/")
    def index(self):
        counts = stats.stage_counts(db.session, current_user)
        waiting = []
        for fn in REMINDERS:
            waiting.extend(item for item in fn(current_user) if item.get("count"))
        return self.render("views/home.html", counts=counts, stages=STAGE, waiting=waiting,
                           org=current_user.org)
