"""Organisation list, create and edit screens."""
from __future__ import annotations

from flask import g, request
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from sqlalchemy import and_, func, or_, select
from wtforms import StringField
from wtforms.validators import InputRequired, Regexp

from actions.navigation.org_search import org_search as find_org_condition
from actions.orgs import tree as orgs
from models import Organization, OrgChange, Person, db
from models.codes import MEMBER_STAGES, ON_ROLL, ORG_KIND, ORG_STATUS
from views.base import SecureModelView
from views.forms import ajax_select, code_select, date_field, flag, text

APPROVAL_HINT = "选“是”后，该组织录入的新党员须经上级党组织审批通过后才成为直管党员"


def _prefix(column, term: str):
    return and_(column >= term, column < term[:-1] + chr(ord(term[-1]) + 1))


def org_search(term: str):
    """Match a current or former name (contains) or a current or former code (prefix)."""
    if term.isdigit():
        former = select(OrgChange.org_id).where(_prefix(OrgChange.old_code, term))
        return or_(_prefix(Organization.code, term), Organization.id.in_(former))
    former = select(OrgChange.org_id).where(OrgChange.old_name.contains(term))
    return or_(Organization.name.contains(term), Organization.id.in_(former))


def direct_members(session, ids: list[int]) -> dict[int, int]:
    """Members on the roll directly in each of the given organisations."""
    if not ids:
        return {}
    return dict(session.execute(
        select(Person.org_id, func.count()).where(
            Person.org_id.in_(ids), Person.stage.in_(MEMBER_STAGES), Person.status.in_(ON_ROLL))
        .group_by(Person.org_id)).all())


def org_link(view, context, model, name):
    from views.orgs.records import org_link as link

    return link(view, context, model, "name")


class OrgView(SecureModelView):
    allow_create = True
    allow_edit = True
    create_role = edit_role = "admin"

    column_list = ["code", "name", "kind", "parent", "requires_approval", "status", "members"]
    column_labels = {"members": "本级党员（实时）"}
    column_details_list = ["code", "name", "kind", "parent", "requires_approval", "unit_name",
                           "founded_on", "status", "created_at"]
    column_export_list = ["code", "name", "kind", "parent", "requires_approval", "unit_name",
                          "founded_on", "status"]
    column_codes = {"kind": ORG_KIND, "status": ORG_STATUS}
    column_searchable_list = ["name", "code"]
    column_filters = [
        FilterEqual(Organization.kind, "组织类别", options=list(ORG_KIND.items())),
        FilterEqual(Organization.status, "状态", options=list(ORG_STATUS.items())),
        FilterEqual(Organization.requires_approval, "需上级审批", options=[("1", "是"), ("0", "否")]),
    ]
    column_default_sort = ("path", False)
    column_sortable_list = ["code", "name"]
    # The name opens the organisation page (team, records, history, changes).
    column_formatters = {"name": lambda v, c, m, n: org_link(v, c, m, n),
                         "members": lambda v, c, m, n: g.get("org_members", {}).get(m.id, 0)}
    # Pickers of organisations search by name or code, only active ones, in scope.
    form_ajax_refs = {
        "parent": {"fields": ["name", "code"], "page_size": 20,
                   "where": lambda: Organization.status == "active"},
    }

    def search_placeholder(self):
        return "组织名称、代码的一部分或名称拼音首字母（含曾用名、原代码）"

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        count, rows = super().get_list(page, sort_column, sort_desc, search, filters, execute,
                                       page_size)
        if execute:  # live counts of the shown page only: one GROUP BY over an indexed column
            g.org_members = direct_members(db.session, [o.id for o in rows])
        return count, rows

    def _apply_search(self, query, count_query, joins, count_joins, search):
        for term in search.split():
            cond = find_org_condition(db.session, term)
            query = query.filter(cond)
            if count_query is not None:
                count_query = count_query.filter(cond)
        return query, count_query, joins, count_joins

    def get_create_form(self):
        loader = self._form_ajax_refs["parent"]

        class CreateForm(self.form_base_class):
            parent = ajax_select(loader, "上级党组织")
            code_suffix = StringField(
                "组织代码后3位",
                validators=[InputRequired("请输入组织代码后3位"),
                            Regexp(r"^\d{3}$", message="组织代码后3位须为3位数字，请重新输入")],
                description="组织代码 = 上级组织代码 + 这3位数字（在同一上级下不能重复）",
                render_kw={"maxlength": 3, "pattern": r"\d{3}", "inputmode": "numeric"},
            )
            name = text("组织全称", 200, need=True, description="须使用党组织全称")
            kind = code_select("组织类别", ORG_KIND, need=True)
            requires_approval = flag("新增党员需上级审批", description=APPROVAL_HINT)
            unit_name = text("所在单位", 200)
            founded_on = date_field("成立日期")

        return CreateForm

    def get_edit_form(self):
        class EditForm(self.form_base_class):
            name = text("组织全称", 200, need=True, description="须使用党组织全称")
            kind = code_select("组织类别", ORG_KIND, need=True)
            requires_approval = flag("新增党员需上级审批", description=APPROVAL_HINT)
            unit_name = text("所在单位", 200)
            founded_on = date_field("成立日期")

        return EditForm

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if request.method == "GET" and request.args.get("parent"):  # from the organisation page
            form.parent.data = self._form_ajax_refs["parent"].get_one(request.args.get("parent"))
        return form

    @staticmethod
    def _fields(form) -> orgs.OrgFields:
        return orgs.OrgFields(name=form.name.data, kind=form.kind.data,
                              requires_approval=form.requires_approval.data,
                              unit_name=form.unit_name.data, founded_on=form.founded_on.data)

    def create_record(self, form):
        parent = form.parent.data
        return orgs.create_org(db.session, current_user, parent.id if parent else None,
                               form.code_suffix.data, self._fields(form))

    def update_record(self, form, obj):
        return orgs.update_org(db.session, current_user, obj, self._fields(form))
