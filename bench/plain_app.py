"""The product app plus an unmodified Flask-Admin ModelView of the person table, for comparison.

gunicorn loads `bench.plain_app:create_app()` during a benchmark only. The plain view at
/admin/plain_person/ declares the same column_list, column_searchable_list and
column_sortable_list as the product's 直管党员 view and is limited, with a plain filter, to the
direct members of the logged-in user's subtree, so both show the same rows. Everything else
(default order, search with ILIKE '%term%', COUNT(*) pager, lazy loading of `org`) is
Flask-Admin as shipped.
"""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_admin.contrib.sqla import ModelView
from flask_login import current_user

from actions.members import categories
from admin_app import create_app as create_product_app
from models import Person, db, path_bounds
from views.members.lists import DirectMemberView

URL = "/admin/plain_person/"


def subtree_rows():
    """The conditions of 直管党员 in the current user's subtree, written plainly."""
    lo, hi = path_bounds(current_user.org.path)
    return Person.org_path >= lo, Person.org_path < hi, categories.clause("direct")


class PlainPersonView(ModelView):
    """Flask-Admin as shipped, with the 直管党员 view's columns."""

    column_list = list(DirectMemberView.column_list)
    column_searchable_list = list(DirectMemberView.column_searchable_list)
    column_sortable_list = list(DirectMemberView.column_sortable_list)
    can_create = can_edit = can_delete = False

    def is_accessible(self):
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.url))

    def get_query(self):
        return super().get_query().filter(*subtree_rows())

    def get_count_query(self):
        return super().get_count_query().filter(*subtree_rows())


def create_app():
    """The product's app with the plain view registered at URL."""
    app = create_product_app()
    admin = app.extensions["admin"][0]
    admin.add_view(PlainPersonView(Person, db.session, name="plain", endpoint="plain_person",
                                   url=URL.rstrip("/")))
    return app
