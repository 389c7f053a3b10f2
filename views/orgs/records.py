"""Lists of organisation records: extended records by kind, and leadership teams (换届提醒)."""
from __future__ import annotations

from flask import request, url_for
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_login import current_user
from markupsafe import Markup, escape

from actions.orgs import records as org_records
from actions.orgs import team as org_team
from actions.orgs import tree as orgs
from models import Organization, OrgRecord, OrgTeam, db
from models.codes import ELECTION_METHOD, ORG_RECORD_KIND
from views.base import SecureModelView
from views.forms import date_field, text


def org_link(view, context, model, name):
    """Render the row's organisation as a link to its organisation page."""
    org = model.org if name == "org" else model
    return Markup(f'<a href="{url_for("orgpage.index", id=org.id)}">{escape(org.name)}</a>')


class OrgExactFilter(BaseSQLAFilter):
    """党组织: rows of one organisation given by code or full name (inside the user's scope)."""

    def __init__(self, model, name="党组织"):
        super().__init__(model.org_id, name)
        self.model = model

    def apply(self, query, value, alias=None):
        org = orgs.find_org(db.session, value, current_user)
        return query.filter(self.model.org_id == (org.id if org is not None else -1))

    def operation(self):
        return "代码或全称"


class DueFilter(BaseSQLAFilter):
    """换届提醒: current teams below the user whose term has ended or ends within 90 days."""

    def __init__(self):
        super().__init__(OrgTeam.term_ends_on, "换届提醒")

    def apply(self, query, value, alias=None):
        ids = org_team.due_teams_query(current_user).with_only_columns(OrgTeam.id)
        return query.filter(OrgTeam.id.in_(ids)) if value == "1" else query

    def operation(self):
        return "届满或90天内届满"

    def get_options(self, view):
        return [("1", "是")]


class OrgRecordView(SecureModelView):
    """One kind of extended record; subclasses set `kind`."""

    kind = ""
    allow_create = allow_edit = allow_delete = True
    delete_role = "operator"
    column_list = ["held_on", "org", "title", "result"]
    column_details_list = ["held_on", "org", "title", "result", "content", "created_at"]
    column_export_list = ["held_on", "org", "title", "result", "content"]
    column_default_sort = ("held_on", True)
    column_sortable_list = ["held_on"]
    column_formatters = {"org": org_link}
    form_ajax_refs = {"org": {"fields": ["name", "code"], "page_size": 20,
                              "where": lambda: Organization.status == "active"}}

    def __init__(self, model, *args, **kwargs):
        self.where = (OrgRecord.kind == self.kind,)
        self.column_filters = [OrgExactFilter(OrgRecord)]
        super().__init__(model, *args, **kwargs)

    def get_query(self):
        return super().get_query().filter(*self.where)

    def _form(self):
        loader = self._form_ajax_refs["org"]
        from flask_admin.model.fields import AjaxSelectField
        from wtforms.validators import InputRequired

        class RecordForm(self.form_base_class):
            org = AjaxSelectField(loader, "党组织 *", validators=[InputRequired("请选择党组织")])
            held_on = date_field("日期", need=True)
            title = text("主题", 200, need=True)
            result = text("结果", 200)
            content = text("内容", 5000, area=True)

        return RecordForm

    get_create_form = get_edit_form = _form

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if request.method == "GET" and request.args.get("org"):
            form.org.data = self._form_ajax_refs["org"].get_one(request.args.get("org"))
        return form

    def _save(self, form, record=None):
        return org_records.save_record(db.session, current_user, form.org.data, self.kind,
                                       form.held_on.data, form.title.data, form.content.data,
                                       form.result.data, record)

    def create_record(self, form):
        return self._save(form)

    def update_record(self, form, obj):
        return self._save(form, obj)


def record_views(category: str) -> list[OrgRecordView]:
    """One list per kind of extended record."""
    views = []
    for kind, label in ORG_RECORD_KIND.items():
        cls = type(f"OrgRecordView_{kind}", (OrgRecordView,), {"kind": kind})
        views.append(cls(OrgRecord, name=label, category=category, endpoint=f"orgrec_{kind}"))
    return views


class OrgTeamView(SecureModelView):
    """班子 of every organisation in the jurisdiction; 换届提醒 is a filter of this list."""

    column_list = ["org", "election_method", "elected_on", "term_ends_on", "previous_election_on",
                   "note"]
    column_details_list = column_list + ["created_at"]
    column_export_list = column_list
    column_codes = {"election_method": ELECTION_METHOD}
    column_default_sort = ("term_ends_on", False)
    column_sortable_list = ["elected_on", "term_ends_on"]
    column_formatters = {"org": org_link}

    def __init__(self, model, *args, **kwargs):
        self.column_filters = [OrgExactFilter(OrgTeam), DueFilter()]
        super().__init__(model, *args, **kwargs)


def due_reminder(user) -> list[dict]:
    """Home-page reminder for users above organisations whose team term ends soon (换届提醒)."""
    n = org_team.due_count(db.session, user)
    return [{"label": f"换届提醒：班子任期已届满或将在{org_team.DUE_DAYS}天内届满的下级党组织",
             "count": n, "level": "warning",
             "url": url_for("org_team.index_view", flt0_1="1")}]

