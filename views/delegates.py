"""党代表管理 (entry, maintenance, qualification, query, statistics) and 党员志愿者."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual, FilterLike
from flask_login import current_user
from wtforms import DateField, HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from actions import delegates, volunteers
from actions.stats import delegates as delegate_stats
from models import Delegate, Volunteer, db
from models.codes import (
    DELEGATE_CATEGORY,
    DELEGATE_LEVEL,
    DELEGATE_STATUS,
    SERVICE_TIME,
    VOLUNTEER_CATEGORY,
)
from views.base import SecureBaseView, SecureModelView
from views.field_checks import checks_fields
from views.forms import ProjectForm, code_select, date_field, text
from views.helpers import run_action
from views.members.person_export import PersonExportMixin
from views.members.record_lists import PersonOrgFilter, PersonSearchMixin, person_formatters
from views.members.records import form_values

ID_FIELD = "id_number"


def delegate_fields() -> dict:
    return {"level": code_select("党代表层级", DELEGATE_LEVEL, need=True),
            "term": IntegerField("届次 *", validators=[InputRequired("请填写届次"),
                                                     NumberRange(1, 99, "届次应为1-99")]),
            "category": code_select("党代表类别", DELEGATE_CATEGORY),
            "delegation": text("所属团组", 100),
            "elected_on": date_field("当选日期")}


class QualificationForm(ProjectForm):
    """资格管理: 正常, or 异动 → 终止 with the date and the reason."""

    id = HiddenField()
    status = StringField("党代表资格状况")
    change = StringField("异动类型")
    on = DateField("终止党代表资格日期", validators=[Optional()], format="%Y-%m-%d")
    reason = StringField("终止党代表资格原因")


def _id_field():
    return StringField("身份证号码 *", validators=[InputRequired("请输入身份证号码")],
                       description="输入本组织管辖范围内党员的身份证号码", render_kw={"maxlength": 18})


class DelegateView(PersonExportMixin, PersonSearchMixin, SecureModelView):
    allow_create = allow_edit = allow_delete = True
    list_template = "delegates/list.html"
    column_list = ["person", "id_number", "org", "level", "term", "category", "delegation", "status",
                   "terminated_on"]
    column_details_list = ["person", "id_number", "org", "level", "term", "category", "delegation",
                           "elected_on", "status", "terminated_on", "termination_reason", "created_at"]
    column_labels = {"id_number": "身份证号码", "org": "所在党组织"}
    column_codes = {"level": DELEGATE_LEVEL, "category": DELEGATE_CATEGORY, "status": DELEGATE_STATUS}
    column_formatters = {**person_formatters("person", "id_number", "org"),
                         "category": lambda v, c, m, n: DELEGATE_CATEGORY.get(m.category or "", "")}
    column_sortable_list = ["level"]
    column_filters = [
        PersonOrgFilter(Delegate),
        FilterEqual(Delegate.level, "党代表层级", options=list(DELEGATE_LEVEL.items())),
        FilterEqual(Delegate.term, "届次"),
        FilterEqual(Delegate.category, "党代表类别", options=list(DELEGATE_CATEGORY.items())),
        FilterLike(Delegate.delegation, "所属团组"),
        FilterEqual(Delegate.status, "资格状况", options=list(DELEGATE_STATUS.items())),
    ]
    column_export_list = ["person", "level", "term", "category", "delegation", "elected_on",
                          "status", "terminated_on", "termination_reason"]

    def get_create_form(self):
        return type("DelegateCreate", (self.form_base_class,), {ID_FIELD: _id_field(),
                                                                **delegate_fields()})

    def get_edit_form(self):
        return type("DelegateEdit", (self.form_base_class,), delegate_fields())

    def create_record(self, form):
        return delegates.add_delegate(db.session, current_user, form.id_number.data,
                                      form_values(form, skip=("csrf_token", ID_FIELD)))

    def update_record(self, form, obj):
        return delegates.update_delegate(db.session, current_user, obj, form_values(form))

    @expose("/qualification/", methods=("GET", "POST"))
    @checks_fields
    def qualification(self):
        """资格管理: 异动 → 终止 asks for the date and the reason; 取消 submits nothing."""
        row = self.get_one(request.values.get("id", ""))
        if row is None:
            abort(404)
        posted = request.method == "POST"
        form = QualificationForm(request.form if posted else None)
        if posted:
            if not self.can_edit:
                abort(403)
            status = "active" if form.status.data == "active" else form.change.data
            if not form.validate():
                flash("保存失败，请检查标红的项目", "error")
            elif run_action(delegates.change_qualification, db.session, current_user, row,
                            status or "", form.on.data, form.reason.data, form=form,
                            done="党代表资格状况已保存")[0]:
                return redirect(url_for(".qualification", id=row.id))
        history = db.session.query(Delegate).filter(Delegate.person_id == row.person_id) \
            .order_by(Delegate.level, Delegate.term).all()
        return self.render("delegates/qualification.html", row=row, history=history,
                           levels=DELEGATE_LEVEL, statuses=DELEGATE_STATUS, form=form)


class DelegateStatsView(SecureBaseView):
    """党代表统计: percentages of the delegates of the own organisation or the jurisdiction."""

    @expose("/")
    def index(self):
        args = request.args
        q = delegate_stats.StatsQuery(own_only=args.get("own_only") == "1")
        if args.get("filled"):
            levels = [lv for lv in args.getlist("overlap") if lv in DELEGATE_LEVEL]
            q.overlap = levels
            q.include = args.get("include") if args.get("include") in DELEGATE_LEVEL else None
            q.exclude = args.get("exclude") if args.get("exclude") in DELEGATE_LEVEL else None
            q.terms = sorted({int(t) for t in args.get("terms", "").replace("，", ",").split(",")
                              if t.strip().isdigit() and 0 < int(t) < 100})
            q.joint_levels = max(1, min(args.get("joint_levels", 2, type=int) or 2, 5))
            q.joint_terms = max(1, min(args.get("joint_terms", 2, type=int) or 2, 20))
            q.category = args.get("category") if args.get("category") in DELEGATE_CATEGORY else None
            q.delegation = (args.get("delegation") or "").strip() or None
        result = delegate_stats.compute(db.session, current_user, q)
        return self.render("delegates/stats.html", q=q, result=result, levels=DELEGATE_LEVEL,
                           categories=DELEGATE_CATEGORY)


class VolunteerView(PersonExportMixin, PersonSearchMixin, SecureModelView):
    allow_create = allow_edit = allow_delete = True
    column_list = ["person", "org", "category", "service_time", "intention", "registered_on"]
    column_sortable_list = ["registered_on"]
    column_details_list = ["person", "id_number", "sex", "phone_person", "org", "category",
                           "service_time", "intention", "skills", "phone", "registered_on",
                           "created_at"]
    column_labels = {"id_number": "身份证号码", "org": "所在党组织", "sex": "性别",
                     "phone_person": "本人联系电话（人员信息）"}
    column_codes = {"category": VOLUNTEER_CATEGORY, "service_time": SERVICE_TIME}
    column_formatters = {
        **person_formatters("person", "id_number", "org"),
        "sex": lambda v, c, m, n: {"1": "男", "2": "女"}.get(m.person.sex, ""),
        "phone_person": lambda v, c, m, n: m.person.phone or "",
    }
    column_filters = [
        PersonOrgFilter(Volunteer),
        FilterEqual(Volunteer.category, "志愿者类别", options=list(VOLUNTEER_CATEGORY.items())),
        FilterEqual(Volunteer.service_time, "服务时间", options=list(SERVICE_TIME.items())),
        FilterLike(Volunteer.intention, "服务意向"),
    ]
    column_export_list = ["person", "category", "service_time", "intention", "skills", "phone",
                          "registered_on"]

    @staticmethod
    def _fields() -> dict:
        return {"category": code_select("志愿者类别", VOLUNTEER_CATEGORY, need=True),
                "service_time": code_select("服务时间", SERVICE_TIME, need=True),
                "intention": text("服务意向", 200, need=True), "skills": text("特长", 200),
                "phone": text("联系电话", 30), "registered_on": date_field("登记日期", need=True)}

    def get_create_form(self):
        return type("VolunteerCreate", (self.form_base_class,), {ID_FIELD: _id_field(),
                                                                 **self._fields()})

    def get_edit_form(self):
        return type("VolunteerEdit", (self.form_base_class,), self._fields())

    def create_record(self, form):
        return volunteers.add_volunteer(db.session, current_user, form.id_number.data,
                                        form_values(form, skip=("csrf_token", ID_FIELD)))

    def update_record(self, form, obj):
        return volunteers.update_volunteer(db.session, current_user, obj, form_values(form))
