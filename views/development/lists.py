"""Stage lists (申请人, 积极分子, 发展对象, 预备党员) and the record of submissions."""
from __future__ import annotations

from datetime import timedelta

from flask import request, url_for
from flask_admin.model.fields import AjaxSelectField
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms import StringField
from wtforms.validators import InputRequired

from actions import clock
from actions.development import deadlines, pipeline
from actions.development import people as devpeople
from actions.development.catalogue import SUBMISSION_STATUS, SUBMISSIONS
from actions.members import categories
from models import Person, db
from models.codes import EDUCATION, ETHNICITY
from views.base import SecureModelView
from views.forms import code_select, date_field, text
from views.members.lists import PersonBaseView

# People whose development is under way, or ended and kept with the reason.


def _name_link(view, context, model, name):
    url = url_for("development.person", person_id=model.id)
    return Markup(f'<a href="{url}" class="dev-link">{escape(model.name)}</a>')


def _progress(view, model):
    return (getattr(view, "_progress_rows", None) or {}).get(model.id)


def _step(view, context, model, name):
    p = _progress(view, model)
    return f"{p.step}. {p.step_label}" if p else ""


def _lights(view, context, model, name):
    p = _progress(view, model)
    if not p:
        return ""
    if not p.lights:
        return Markup('<span class="text-success dev-lights" data-lights="0">无</span>')
    return Markup(f'<span class="badge badge-danger dev-lights" data-lights="{p.lights}">'
                  f'{p.lights}项</span>')


def _deadline(view, context, model, name):
    p = _progress(view, model)
    return Markup(f'<span class="dev-deadline">{escape(p.deadline_text)}</span>') if p else ""


# ?pipeline= choices of the stage lists
PIPELINE_FILTERS = {"lit": "有亮灯", "due30": f"{pipeline.DUE_DAYS}天内到期"}


class StageListView(PersonBaseView):
    """One development stage of the person table; the name opens the development page.

    Each row shows the current step, the number of lights and the next deadline; the list can be
    narrowed to people with lights or with a deadline within 30 days and sorted by deadline.
    """

    list_template = "development/stage_list.html"
    column_list = ["name", "sex", "id_number", "birth_date", "education", "org", "status",
                   "applied_on", "activist_on", "target_on", "joined_on", "current_step",
                   "lights", "deadline"]
    column_sortable_list = ["name", "birth_date", "applied_on"]
    column_formatters = {"name": _name_link, "current_step": _step, "lights": _lights,
                         "deadline": _deadline}
    column_labels = {"current_step": "当前环节", "lights": "亮灯", "deadline": "下一期限"}

    allow_edit = True  # details only: the ID number and the stage dates change elsewhere

    def get_edit_form(self):
        class DetailsForm(self.form_base_class):
            name = text("姓名", 50, need=True)
            ethnicity = code_select("民族", ETHNICITY, need=True, default="01")
            education = code_select("学历", EDUCATION)
            job = text("工作岗位", 100)
            phone = text("联系电话", 30)
            native_place = text("籍贯", 50)
            address = text("家庭住址", 200)

        return DetailsForm

    def update_record(self, form, obj):
        return devpeople.edit_details(db.session, current_user, obj,
                                      {f.name: f.data for f in form if f.name != "csrf_token"})

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        from views.development.common import settings

        chosen = request.args.get("pipeline")
        by_deadline = request.args.get("order") == "deadline"
        size = page_size or self.page_size
        if execute and (chosen in PIPELINE_FILTERS or by_deadline):
            # The kept deadline and lights (actions.development.deadlines): the whole list,
            # indexed.
            query, _count, _joins = self._filtered(search, filters)
            if chosen == "lit":
                query = query.filter(Person.dev_lights > 0)
            if chosen == "due30":
                query = query.filter(deadlines.due_by(clock.today()
                                                      + timedelta(days=pipeline.DUE_DAYS)))
            count = query.order_by(None).count()
            order = (Person.dev_due_on.is_(None), Person.dev_due_on, Person.name, Person.id) \
                if by_deadline or chosen == "due30" else (Person.org_path, Person.id)
            rows = query.order_by(*order).offset(page * size).limit(size).all()
            self._progress_rows = pipeline.for_people(db.session, rows, settings())
            return count, rows
        count, rows = super().get_list(page, sort_column, sort_desc, search, filters, execute,
                                       page_size)
        if execute:
            rows = list(rows)
            self._progress_rows = pipeline.for_people(db.session, rows, settings())
        return count, rows

    def render(self, template, **kwargs):
        kwargs.setdefault("pipeline_filters", PIPELINE_FILTERS)
        return super().render(template, **kwargs)


class ApplicantView(StageListView):
    where = (categories.clause("applicant"),)
    column_list = ["name", "sex", "id_number", "birth_date", "education", "org", "status",
                   "applied_on", "current_step", "lights", "deadline"]
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
    where = (categories.clause("activist"),)


class TargetView(StageListView):
    where = (categories.clause("target"),)


class ProbationaryView(StageListView):
    where = (categories.clause("probationary"),)


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
    # Codes in Chinese in the list, the details page and the exports alike.
    column_codes = {"status": SUBMISSION_STATUS,
                    "kind": {code: spec.label for code, spec in SUBMISSIONS.items()}}
    column_formatters = {"person": _person_link}
    column_default_sort = ("id", True)
    column_sortable_list = ["submitted_at"]
