"""Home page: live counts for the user's jurisdiction and the items waiting for the user."""
from __future__ import annotations

from typing import Callable

from flask_admin import AdminIndexView, expose
from flask_login import current_user

from actions import home_charts
from models import db
from models.codes import STAGE

from views.base import SecureAccess

# Other screens add reminders here: fn(user) -> list of {"label", "count", "url", "level"}.
REMINDERS: list[Callable] = []


class HomeView(SecureAccess, AdminIndexView):
    @expose("/")
    def index(self):
        figures = home_charts.home_figures(db.session, current_user)
        counts = figures["counts"]
        waiting = []
        for fn in REMINDERS:
            waiting.extend(item for item in fn(current_user) if item.get("count"))
        return self.render("views/home.html", counts=counts, stages=STAGE, waiting=waiting,
                           org=current_user.org, fig=figures)
