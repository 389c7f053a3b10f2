"""困难党员 and 慰问记录: lists with filters by type and organisation, entry by ID number, revoke."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from flask_login import current_user
from sqlalchemy import select
from wtforms import DecimalField, StringField
from wtforms.validators import InputRequired, Optional

from actions.members.idnumber import normalize
from actions.orgs import difficulty
from actions.scoping import scope
from models import Assistance, DifficultMember, Person, db
from models.codes import ASSIST_FORM, DIFFICULTY_KIND
from views import id_columns
from views.base import SecureModelView
from views.field_checks import checks_fields
from views.forms import code_select, date_field, text
from views.helpers import run_action
from views.members.record_lists import PersonOrgFilter

STATUS = {"active": "困难", "revoked": "已撤销"}
LABELS = {"person.id_number": "身份证号码", "person.org": "所在党组织"}


class PersonIdFilter(BaseSQLAFilter):
    """身份证号码: the records of one person."""

    def __init__(self, model):
        super().__init__(model.person_id, "身份证号码")
        self.model = model

    def apply(self, query, value, alias=None):
        pid = db.session.execute(select(Person.id).where(
            Person.id_number == normalize(value))).scalar_one_or_none()
        return query.filter(self.model.person_id == (pid if pid is not None else -1))

    def operation(self):
        return "等于"


def person_tab(person) -> str:
    """The member page tab listing a person's difficulty records and assistance (困难与慰问)."""
    rows = db.session.execute(select(DifficultMember).where(DifficultMember.person_id == person.id)
                              .order_by(DifficultMember.since.desc())).scalars().all()
    visits = db.session.execute(select(Assistance).where(Assistance.person_id == person.id)
                                .order_by(Assistance.given_on.desc())).scalars().all()
    return render_template("views/_person_difficulty.html", person=person, rows=rows,
                           visits=visits, kinds=DIFFICULTY_KIND, forms=ASSIST_FORM, status=STATUS)


def _id_number_field():
    return StringField("身份证号码 *", validators=[InputRequired("请输入身份证号码")],
                       render_kw={"maxlength": 18}, description="须为本组织管辖范围内的在册党员")


class DifficultMemberView(SecureModelView):
    allow_create = allow_edit = True
    column_list = ["person", "person.id_number", "person.org", "kind", "description", "since",
                   "status", "revoked_on"]
    column_details_list = column_list + ["revoke_reason", "created_at"]
    column_export_list = ["person", "kind", "description", "since", "status", "revoked_on",
                          "revoke_reason"]
    column_labels = LABELS
    column_codes = {"kind": DIFFICULTY_KIND, "status": STATUS}
    column_default_sort = ("id", True)
    column_sortable_list = ["since"]
    column_filters = [
        FilterEqual(DifficultMember.kind, "困难类型", options=list(DIFFICULTY_KIND.items())),
        FilterEqual(DifficultMember.status, "状态", options=list(STATUS.items())),
        PersonOrgFilter(DifficultMember),
        PersonIdFilter(DifficultMember),
    ]
    list_template = "views/difficulty_list.html"

    def get_create_form(self):
        class CreateForm(self.form_base_class):
            id_number = _id_number_field()
            kind = code_select("困难类型", DIFFICULTY_KIND, need=True)
            description = text("困难情况", 500, need=True, area=True)
            since = date_field("困难起始日期", need=True)

        return CreateForm

    def get_edit_form(self):
        class EditForm(self.form_base_class):
            kind = code_select("困难类型", DIFFICULTY_KIND, need=True)
            description = text("困难情况", 500, need=True, area=True)
            since = date_field("困难起始日期", need=True)

        return EditForm

    def create_record(self, form):
        return difficulty.add_difficult(db.session, current_user, form.id_number.data,
                                        form.kind.data, form.description.data, form.since.data)

    def update_record(self, form, obj):
        return difficulty.update_difficult(db.session, current_user, obj, form.kind.data,
                                           form.description.data, form.since.data)

    @expose("/revoke/", methods=("GET", "POST"))
    @checks_fields
    def revoke_view(self):
        row = self.get_one(request.args.get("id", ""))
        back = url_for(".index_view")
        if row is None or not self.can_edit:
            flash("记录不存在或无权操作", "error")
            return redirect(back)

        class RevokeForm(self.form_base_class):
            revoked_on = date_field("撤销日期", need=True)
            reason = text("撤销原因", 200)

        form = RevokeForm(request.form if request.method == "POST" else None)
        if request.method == "POST" and form.validate() and run_action(
                difficulty.revoke_difficult, db.session, current_user, row, form.revoked_on.data,
                form.reason.data, form=form, done="已撤销该困难党员记录")[0]:
            return redirect(back)
        return self.render("views/record_form.html", form=form, back=back,
                           title=f"撤销困难党员：{row.person.name}")


class AssistanceView(SecureModelView):
    allow_create = True
    column_list = ["given_on", "person", "person.id_number", "person.org", "form", "amount",
                   "content", "giver"]
    column_details_list = column_list + ["created_at"]
    column_export_list = ["given_on", "person", "form", "amount", "content", "giver"]
    column_labels = LABELS
    column_codes = {"form": ASSIST_FORM}
    column_default_sort = ("given_on", True)
    column_sortable_list = ["given_on"]
    column_filters = [FilterEqual(Assistance.form, "慰问形式", options=list(ASSIST_FORM.items())),
                      PersonOrgFilter(Assistance), PersonIdFilter(Assistance)]

    def get_create_form(self):
        class CreateForm(self.form_base_class):
            id_number = _id_number_field()
            given_on = date_field("慰问日期", need=True)
            form = code_select("慰问形式", ASSIST_FORM, need=True)
            amount = DecimalField("金额（元）", places=2, validators=[Optional()],
                                  render_kw={"step": "0.01", "min": "0"})
            content = text("慰问内容", 500, need=True, area=True)
            giver = text("慰问单位或个人", 100)

        return CreateForm

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if request.method == "GET" and request.args.get("person_id", type=int):
            # 新增慰问 of one member: the form needs his full number (the reveal is logged).
            person = scope(db.session.query(Person), current_user, Person).filter(
                Person.id == request.args.get("person_id", type=int)).one_or_none()
            form.id_number.data = id_columns.page_id_number(person) or None
        return form

    def create_record(self, form):
        return difficulty.add_assistance(db.session, current_user, form.id_number.data,
                                         form.given_on.data, form.form.data, form.amount.data,
                                         form.content.data, form.giver.data)
