"""The find box of every page: menu entries and people of the user's jurisdiction."""
from __future__ import annotations

from flask import request
from flask_admin import expose
from flask_login import current_user

from actions.navigation.find import find_menu, find_people
from models import db
from models.codes import STAGE, STATUS
from views.base import SecureBaseView


class FindView(SecureBaseView):
    """查找: not in the menu; reached from the box in the navigation bar."""

    def is_visible(self) -> bool:
        return False

    def menu_entries(self) -> list[tuple[str, str, str]]:
        out = []
        for view in self.admin._views:
            if view is self or not view.name or not view.is_visible() or not view.is_accessible():
                continue
            out.append((view.category or "", view.name, view.url.rstrip("/") + "/"))
        return out

    @expose("/")
    def index(self):
        q = (request.args.get("find") or request.args.get("q") or "").strip()[:50]
        menu = find_menu(self.menu_entries(), q)
        people = find_people(db.session, current_user, q)
        return self.render("views/find.html", q=q, menu=menu, people=people, stages=STAGE,
                           statuses=STATUS)
