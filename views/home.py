"""Home page: live counts for the user's jurisdiction and the items waiting for the user."""
from __future__ import annotations

from typing import Callable

from flask_admin import AdminIndexView, expose
from flask_login import current_user

from actions import home_charts
from actions.members import categories
from models import db
from models.codes import ROLE
from views.base import SecureAccess

# Other screens add reminders here: fn(user) -> list of {"label", "count", "url", "level"}.
REMINDERS: list[Callable] = []


class HomeView(SecureAccess, AdminIndexView):
    duty_roles = ("secadmin", "auditadmin")  # they land here, but see no business figures

    @expose("/")
    def index(self):
        if not current_user.can("viewer"):
            duty = {"secadmin": "管理用户、角色和登录锁定", "auditadmin": "查阅和导出操作记录"}
            return self.render("views/duty_home.html", role=ROLE.get(current_user.role, ""),
                               duty=duty.get(current_user.role, ""))
        figures = home_charts.home_figures(db.session, current_user)
        counts = figures["counts"]
        waiting = []
        for fn in REMINDERS:
            waiting.extend(item for item in fn(current_user) if item.get("count"))
        return self.render("views/home.html", counts=counts,
                           stages={k: categories.label(k) for k in counts}, waiting=waiting,
                           org=current_user.org, fig=figures)
