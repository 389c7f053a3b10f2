"""Entry by ID number first, for direct members, inflow members and activists."""
from __future__ import annotations

from flask import flash, request, url_for
from flask_admin.helpers import get_form_data
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import StringField

from actions.members import categories, flows, idnumber, people
from actions.scoping import bounds_of, in_scope, present_only
from models import IdNumberChange, Person, db
from models.codes import MEMBER_STAGES, SEX, STAGE
from views.forms import ProjectForm, code_select, date_field, text
from views.helpers import domain_check
from views.members.bulk import MemberBulkMixin
from views.members.lists import DirectMemberView, PersonBaseView, _person_form, lock_fields


def rows_for_ids(view, ids) -> list:
    """Rows of a list action, re-queried through the view's scoped query (ids as integers)."""
    from flask_admin.contrib.sqla import tools

    numbers = [int(i) for i in ids if str(i).isdigit()]
    return tools.get_query_for_ids(view.get_query(), view.model, numbers).all()


class IdNumberStep(ProjectForm):
    """The first step of the entry screens: the ID number, checked by the domain's parser."""

    id_number = StringField("身份证号", validators=[domain_check(idnumber.parse)])


def member_url(person: Person) -> str:
    return url_for("member.index", id=person.id)


def entry_state() -> dict:
    """Step of the entry screen for the typed ID number: ask, report an existing person, or fill."""
    form = IdNumberStep(request.values)
    raw = form.id_number.data
    if not raw:
        return {"step": "id"}
    if not form.validate():
        return {"step": "id", "error": form.id_number.errors[0], "value": raw}
    info = idnumber.parse(raw)
    existing = people.find_by_id_number(db.session, info.number)
    if existing is None:
        pid = db.session.execute(select(IdNumberChange.person_id).where(
            IdNumberChange.old_number == info.number).limit(1)).scalar()
        existing = db.session.get(Person, pid) if pid else None
    if existing is not None:
        if in_scope(existing, current_user):
            where = f"{existing.org.name}（{STAGE.get(existing.stage)}）"
            return {"step": "id", "value": info.number, "found": existing, "where": where,
                    "url": member_url(existing)}
        return {"step": "id", "value": info.number, "elsewhere": True}
    needs = bool(current_user.org.requires_approval)
    return {"step": "form", "info": info, "sex": SEX[info.sex], "needs_approval": needs}


class EntryByIdMixin:
    """Create screens that start with the ID number and fill birth date and sex from it."""

    create_template = "members/create.html"
    submit_label = "保存"

    def render(self, template, **kwargs):
        if template == self.create_template:
            kwargs["entry"] = entry_state()
            kwargs["submit_label"] = ("送审" if kwargs["entry"].get("needs_approval")
                                      and self.approval_applies else "保存")
        return super().render(template, **kwargs)

    approval_applies = False

    def create_form(self, obj=None):
        form = super().create_form(obj)
        number = idnumber.normalize(request.values.get("id_number"))
        if request.method == "GET" and number:
            form.id_number.data = number
            if current_user.org.status == "active":
                form.org.data = current_user.org
        form.id_number.render_kw = {"readonly": True, "maxlength": 18}
        return form

    def after_model_change(self, form, model, is_created):
        if is_created and model.status == "pending":
            flash(Markup(f"已送审：{escape(model.name)} 须经上级党组织审批通过后才成为直管党员。"
                         f"<a href='{member_url(model)}'>查看</a>"), "info")
        elif is_created:
            flash(Markup(f"已录入 {escape(model.name)}。<a href='{member_url(model)}'>查看</a>"),
                  "success")


class DirectMemberEntryView(MemberBulkMixin, EntryByIdMixin, DirectMemberView):
    """直管党员 with entry by ID number and "送审" where the parent must approve."""

    approval_applies = True
    # The roll includes members flowing out or waiting for a transfer to be accepted.
    where = (categories.clause("direct"),)
    column_list = DirectMemberView.column_list + ["status", "ops"]
    column_labels = {"ops": "操作"}
    column_formatters = {
        "name": lambda v, c, m, n: Markup(f"<a href='{member_url(m)}'>{escape(m.name)}</a>"),
        "ops": lambda v, c, m, n: Markup(
            f"<a href='{url_for('transfer_desk.out', person_id=m.id)}'>关系转出</a>")
        if m.status == "normal" else "",
    }


def _managed_form(base, loader, stages: dict, extra_dates: tuple):
    form = _person_form(base, loader, create=True)
    form.stage = code_select("人员阶段", stages, need=True)
    if "joined_on" not in extra_dates:
        form.joined_on = date_field("入党日期")
    form.applied_on = date_field("申请入党日期")
    return form


class InflowMemberView(EntryByIdMixin, PersonBaseView):
    """流入党员: managed by the recording organisation without being its members."""

    allow_create = True
    allow_edit = True
    # Entered here as inflow members, and members of other organisations received here while
    # they flow (the present scope): categories.within("inflow", …) is the one definition.
    scope_present = True
    where: tuple = ()
    sample_values = {"management": "inflow"}  # what a row needs to be listed (scope tests)
    column_list = PersonBaseView.column_list + ["status"]
    column_formatters = DirectMemberEntryView.column_formatters
    management = "inflow"
    stages = {k: STAGE[k] for k in MEMBER_STAGES}

    def get_create_form(self):
        return _managed_form(self.form_base_class, self._form_ajax_refs["org"], self.stages,
                             ("joined_on",))

    def get_query(self):
        query = super().get_query()
        if not self.where:
            query = query.filter(categories.within("inflow", *bounds_of(current_user)))
        return query

    def get_edit_form(self):
        return _person_form(self.form_base_class, self._form_ajax_refs["org"], create=False)

    def edit_form(self, obj=None):
        if obj is not None and present_only(obj, current_user):
            # The organisation he flows into keeps only his contact details here.
            form_class = type("ContactForm", (self.form_base_class,), dict(CONTACT_FIELDS))
            return form_class(get_form_data(), obj=obj)
        return super().edit_form(obj)

    def update_record(self, form, obj):
        if present_only(obj, current_user):
            return flows.update_contact(db.session, current_user, obj, form.phone.data,
                                        form.address.data)
        return DirectMemberView.update_record(self, form, obj)

    def create_record(self, form):
        org = form.org.data
        return flows.create_managed(db.session, current_user, org.id if org else None,
                                    form.id_number.data, DirectMemberView._fields(form),
                                    self.management)

    _fields = staticmethod(DirectMemberView._fields)


# What the receiving side of a flow edits: contact details (the rest is the home's).
CONTACT_FIELDS = (("phone", text("联系电话", 30)), ("address", text("家庭住址", 200)))


class ActivistView(InflowMemberView):
    """入党积极分子: entry, query and flow; advancement belongs to the development process."""

    where = (categories.clause("activist"),)
    sample_values: dict = {}
    column_list = ["name", "sex", "id_number", "birth_date", "education", "org", "applied_on",
                   "status"]
    management = "direct"
    stages = {"activist": STAGE["activist"]}

    def get_create_form(self):
        form = _managed_form(self.form_base_class, self._form_ajax_refs["org"], self.stages, ())
        del form.joined_on
        del form.full_on
        form.applied_on = date_field("申请入党日期", need=True)
        return form

    def get_edit_form(self):
        form = self.get_create_form()
        del form.id_number
        return lock_fields(form, ("org", "stage", "status", "management"))

