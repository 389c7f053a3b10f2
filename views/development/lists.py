"""Stage lists (申请人, 积极分子, 发展对象, 预备党员) and the record of submissions."""
from __future__ import annotations

from flask import url_for
from flask_admin.model.fields import AjaxSelectField
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms import StringField
from wtforms.validators import InputRequired

from actions.development import people as devpeople
from actions.development.catalogue import SUBMISSION_STATUS, SUBMISSIONS
from models import Person, db
from models.codes import EDUCATION, ETHNICITY

from views.base import SecureModelView
from views.forms import code_select, date_field, text
from views.members.lists import PersonBaseView

# People whose development is under way, or ended and kept with the reason.
DEV_STATUSES = ("normal", "pending", "ended")


def _name_link(view, context, model, name):
    url = url_for("development.person", person_id=model.id)
    return Markup(f'<a href="{url}" class="dev-link">{escape(model.name)}</a>')


class StageListView(PersonBaseView):
    """One development stage of the person table; the name opens the development page."""

    column_list = ["name", "sex", "id_number", "birth_date", "education", "org", "status",
                   "applied_on", "activist_on", "target_on", "joined_on"]
    column_sortable_list = ["name", "id_number", "birth_date", "applied_on"]
    column_formatters = {"name": _name_link}


class ApplicantView(StageListView):
    where = (Person.stage == "applicant", Person.status.in_(DEV_STATUSES))
    column_list = ["name", "sex", "id_number", "birth_date", "education", "org", "status",
                   "applied_on"]
    allow_create = True

    def get_create_form(self):
        class ApplicantForm(self.form_base_class):
            id_number = StringField("身份证号码 *", validators=[InputRequired("请输入身份证号码")],
                                    render_kw={"maxlength": 18})
            org = AjaxSelectField(self._form_ajax_refs["org"], "所在党支部 *",
                                  validators=[InputRequired("请选择所在党支部")])
            name = text("姓名", 50, need=True)
            ethnicity = code_select("民族", ETHNICITY, need=True, default="01")
            education = code_select("学历", EDUCATION)
            job = text("工作岗位", 100)
            phone = text("联系电话", 30)
            applied_on = date_field("递交入党申请书日期")

        return ApplicantForm

    def create_record(self, form):
        org = form.org.data
        return devpeople.register_applicant(
            db.session, current_user, org.id if org else None, form.id_number.data,
            {f.name: f.data for f in form if f.name not in ("org", "id_number", "csrf_token")})


class ActivistView(StageListView):
    where = (Person.stage == "activist", Person.status.in_(DEV_STATUSES))


class TargetView(StageListView):
    where = (Person.stage == "target", Person.status.in_(DEV_STATUSES))


class ProbationaryView(StageListView):
    where = (Person.stage == "probationary", Person.status.in_(DEV_STATUSES))


def _kind(view, context, model, name):
    spec = SUBMISSIONS.get(model.kind)
    return spec.label if spec else model.kind


def _person_link(view, context, model, name):
    url = url_for("development.person", person_id=model.person_id)
    return Markup(f'<a href="{url}">{escape(model.person.name)}</a>')


class SubmissionListView(SecureModelView):
    """发展报审记录: every submission in the jurisdiction and its decision (read only)."""

    column_list = ["person", "kind", "org", "submitted_at", "status", "decided_on", "opinion"]
    column_details_list = ["person", "kind", "org", "submitted_at", "warnings", "explanation",
                           "dues_monthly", "status", "decided_on", "opinion", "extension_months"]
    column_export_list = ["person", "kind", "org", "submitted_at", "status", "decided_on",
                          "opinion"]
    column_codes = {"status": SUBMISSION_STATUS}
    column_formatters = {"kind": _kind, "person": _person_link}
    column_formatters_export = {"kind": _kind}
    column_default_sort = ("id", True)
    column_sortable_list = ["submitted_at", "status"]
