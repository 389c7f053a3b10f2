"""Member-record screens (activities, dues, evaluations, rewards, punishments) and their tabs."""
from __future__ import annotations

from flask import has_request_context, render_template, request
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_admin.model.fields import AjaxSelectField
from flask_login import current_user
from markupsafe import Markup
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from actions.members import dues, records
from actions.scoping import in_scope
from models import Person, db
from models.codes import DUES_CLASS, EVALUATION_GRADE, MEMBER_STAGES, PUNISHMENT_KIND
from views.base import SecureModelView
from views.forms import code_select, date_field, text
from views.members.arrears import since
from views.members.person_export import PersonExportMixin
from views.members.tabs import register_tab

DUES_HINT = ("按月交纳：在职党员按税后工资 ≤3000元 0.5%、3000–5000元 1%、5000–10000元 1.5%、"
             "10000元以上 2%；离退休党员按养老金 ≤5000元 0.5%、以上 1%；农牧渔民每月0.2–1元；"
             "学生、下岗失业、享受低保党员每月0.2元。实交月额留空即按规定计算，与规定不符须填写调整理由。")


# A plain decimal keyboard on phones; the server checks the format (no 1e3, no 1,000).
MONEY_INPUT = {"inputmode": "decimal", "maxlength": 12, "autocomplete": "off"}


def month_field(label: str, need: bool = False):
    return DateField(label + (" *" if need else ""), format="%Y-%m",
                     validators=[InputRequired(f"请填写{label}")] if need else [Optional()],
                     render_kw={"type": "month", "placeholder": "年-月，如 2026-01"})


def record_fields(kind: str) -> dict:
    """The form fields an operator fills for one record kind (shared with batch entry)."""
    if kind == "activity":
        return {"title": text("活动名称", 100, need=True), "held_on": date_field("活动日期", need=True),
                "place": text("活动地点", 100), "content": text("活动内容", 1000, area=True)}
    if kind == "dues":
        return {"month_from": month_field("起始月份", need=True), "month_to": month_field("截止月份"),
                "paid_on": date_field("交纳日期", need=True),
                "dues_class": code_select("计算类别", DUES_CLASS, need=True),
                "income_base": StringField("计算基数（元）", description="在职填税后工资，离退休填养老金；"
                                          + dues.MONEY_HELP, render_kw=MONEY_INPUT),
                "monthly_amount": StringField("实交月额（元）", description="留空按规定自动计算；"
                                             + dues.MONEY_HELP, render_kw=MONEY_INPUT),
                "override_reason": text("调整理由", 200),
                "content": text("备注", 1000, area=True)}
    if kind == "evaluation":
        return {"year": IntegerField("评议年度 *", validators=[InputRequired("请填写评议年度"),
                                                          NumberRange(1950, 2100, "请填写正确的年度")]),
                "evaluated_on": date_field("评议日期", need=True),
                "grade": code_select("评议等次", EVALUATION_GRADE, need=True),
                "content": text("评语", 1000, area=True)}
    if kind == "reward":
        return {"title": text("奖励名称", 100, need=True), "awarded_on": date_field("奖励日期", need=True),
                "granted_by": text("批准机关", 100), "content": text("奖励事由", 1000, area=True)}
    if kind == "punishment":
        return {"kind": code_select("处分种类", PUNISHMENT_KIND, need=True),
                "punished_on": date_field("处分日期", need=True),
                "reason": text("处分原因", 200, need=True), "granted_by": text("批准机关", 100),
                "content": text("备注", 1000, area=True)}
    raise KeyError(kind)


def form_values(form, skip=("csrf_token", "person")) -> dict:
    return {f.name: f.data for f in form if f.name not in skip}


class RecordView(PersonExportMixin, SecureModelView):
    """A member-record table: listed per person with ?person_id=, added from the member page."""

    kind = ""
    allow_create = allow_edit = allow_delete = True
    delete_role = "operator"  # working records; every deletion is in the audit log
    form_ajax_refs = {"person": {"fields": ["name", "id_number"], "page_size": 20,
                                 "where": lambda: Person.stage.in_(MEMBER_STAGES)}}
    column_formatters = {"person": lambda v, c, m, n: m.person.name}

    def get_query(self):
        query = super().get_query()
        person_id = request.args.get("person_id", type=int) if has_request_context() else None
        return query.filter(self.model.person_id == person_id) if person_id else query

    @property
    def list_note(self) -> str:
        person_id = request.args.get("person_id", type=int) if has_request_context() else None
        person = db.session.get(Person, person_id) if person_id else None
        if person is None or not in_scope(person, current_user, present=self.scope_present):
            return ""
        return f"仅显示 {person.name} 的{self.model.__label__}"

    def _form(self, create: bool):
        # WTForms orders fields by creation: make the person picker first.
        person = AjaxSelectField(self._form_ajax_refs["person"], "党员 *",
                                 validators=[InputRequired("请选择党员")]) if create else None
        attrs = dict(record_fields(self.kind))
        if person is not None:
            attrs["person"] = person
        return type(f"{self.kind.title()}Form", (self.form_base_class,), attrs)

    def get_create_form(self):
        return self._form(True)

    def get_edit_form(self):
        return self._form(False)

    def create_form(self, obj=None):
        form = super().create_form(obj)
        person_id = request.args.get("person_id", type=int)
        if request.method == "GET" and person_id:
            person = db.session.get(Person, person_id)
            if person is not None and in_scope(person, current_user, present=self.scope_present):
                form.person.data = person
                if "dues_class" in form:
                    form.dues_class.data = dues.default_class(person)
        return form

    def create_record(self, form):
        person = form.person.data
        return records.add_record(db.session, current_user, self.kind,
                                  person.id if person else None, form_values(form))

    def update_record(self, form, obj):
        return records.update_record(db.session, current_user, obj, form_values(form))

    def delete_record(self, obj):
        records.delete_record(db.session, current_user, obj)


class ActivityView(RecordView):
    kind = "activity"
    scope_present = True  # the organisation a member flows into keeps his activities
    column_list = ["person", "held_on", "title", "place", "content"]
    column_default_sort = ("held_on", True)
    column_sortable_list = ["held_on"]


class DuesView(RecordView):
    kind = "dues"
    form_note = DUES_HINT
    column_list = ["person", "paid_on", "month_from", "month_to", "dues_class", "income_base",
                   "computed_monthly", "monthly_amount", "amount", "override_reason"]
    column_codes = {"dues_class": DUES_CLASS}
    column_formatters = {**RecordView.column_formatters,
                         "month_from": lambda v, c, m, n: f"{m.month_from:%Y-%m}",
                         "month_to": lambda v, c, m, n: f"{m.month_to:%Y-%m}"}
    column_default_sort = ("month_to", True)
    column_sortable_list = ["month_to", "paid_on"]
    month_columns = ("month_from", "month_to")


class EvaluationView(RecordView):
    kind = "evaluation"
    scope_present = True  # ... and takes part in his evaluation
    column_list = ["person", "year", "evaluated_on", "grade", "content"]
    column_codes = {"grade": EVALUATION_GRADE}
    column_filters = [FilterEqual(records.Evaluation.grade, "评议等次",
                                  options=list(EVALUATION_GRADE.items()))]
    column_default_sort = ("year", True)
    column_sortable_list = ["year"]


class RewardView(RecordView):
    kind = "reward"
    column_list = ["person", "awarded_on", "title", "granted_by", "content"]
    column_default_sort = ("awarded_on", True)
    column_sortable_list = ["awarded_on"]


class PunishmentView(RecordView):
    kind = "punishment"
    column_list = ["person", "punished_on", "kind", "reason", "granted_by"]
    column_codes = {"kind": PUNISHMENT_KIND}
    column_default_sort = ("punished_on", True)
    column_sortable_list = ["punished_on"]


# kind -> (endpoint, tab label, [(column, header, formatter)])
TAB_SPECS = {
    "activity": ("activity_record", "活动信息", [("held_on", "活动日期"), ("title", "活动名称"),
                                                 ("place", "活动地点"), ("content", "活动内容")]),
    "dues": ("dues_record", "交纳党费", [("paid_on", "交纳日期"), ("months", "所交月份"),
                                         ("computed_monthly", "应交月额"), ("monthly_amount", "实交月额"),
                                         ("amount", "金额（元）"), ("override_reason", "调整理由")]),
    "evaluation": ("evaluation_record", "民主评议", [("year", "评议年度"), ("evaluated_on", "评议日期"),
                                                     ("grade_label", "评议等次"), ("content", "评语")]),
    "reward": ("reward_record", "奖励情况", [("awarded_on", "奖励日期"), ("title", "奖励名称"),
                                             ("granted_by", "批准机关"), ("content", "奖励事由")]),
    "punishment": ("punishment_record", "惩戒情况", [("punished_on", "处分日期"),
                                                     ("kind_label", "处分种类"), ("reason", "处分原因"),
                                                     ("granted_by", "批准机关")]),
}


def _cell(row, key):
    if key == "months":
        return f"{row.month_from:%Y-%m} 至 {row.month_to:%Y-%m}"
    if key == "grade_label":
        return EVALUATION_GRADE.get(row.grade, row.grade)
    if key == "kind_label":
        return PUNISHMENT_KIND.get(row.kind, row.kind)
    value = getattr(row, key)
    return "" if value is None else value


def render_tab(kind: str, person) -> Markup:
    """HTML of one record tab of the member page: the records with add/edit/delete links."""
    endpoint, label, columns = TAB_SPECS[kind]
    rows = records.records_of(db.session, kind, person.id)
    extra = {}
    if kind == "dues":
        until = dues.paid_until(db.session, person.id)
        extra = {"paid_until": until, "in_arrears": dues.in_arrears(person, until, since=since())}
    return Markup(render_template(
        "records/tab.html", kind=kind, label=label, endpoint=endpoint, person=person,
        columns=columns, rows=[(r, [_cell(r, c) for c, _h in columns]) for r in rows],
        back=request.full_path if has_request_context() else "/admin/", **extra))


def register_tabs() -> None:
    for order, kind in enumerate(TAB_SPECS):
        register_tab(f"records_{kind}", TAB_SPECS[kind][1],
                     lambda person, k=kind: render_tab(k, person), order=30 + order * 5)
