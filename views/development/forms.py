"""Forms of the development screens: records, submissions, decisions, short paths, settings.

The actions check every value again; the forms refuse what they can at the field first, in
the actions' own words.
"""
from __future__ import annotations

from functools import cache

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, Regexp

from actions.development import recorded
from actions.development.catalogue import Kind
from actions.development.records import TEXT_LIMITS
from actions.development.rule_config import DAY_KINDS, THRESHOLDS
from actions.members.dues import MONEY_HELP
from actions.portal.codes import MAX_DAYS
from views.forms import ProjectForm, text

DATE_KW = {"type": "date", "max": "2100-12-31"}


def _need(label: str, need: bool) -> list:
    return [InputRequired(f"请填写{label}")] if need else [Optional()]


def on_day(label: str, need: bool = False, said: str | None = None, **kw) -> DateField:
    """A date field; a wrong format reads "<said>格式应为年-月-日" (`said` defaults to the label)."""
    said = said or label
    return DateField(label, validators=_need(said, need), format="%Y-%m-%d",
                     invalid_value_message=f"{said}格式应为年-月-日",
                     render_kw={**DATE_KW, **kw.pop("render_kw", {})}, **kw)


def whole(label: str, lo: int, hi: int, need: bool = False, between: str | None = None,
          **kw) -> IntegerField:
    """A whole number from lo to hi, refused at the field in the actions' words."""
    return IntegerField(label, validators=_need(label, need) + [
        NumberRange(lo, hi, message=between or f"{label}应在{lo}至{hi}之间")],
        invalid_value_message=f"{label}应为整数", **kw)


# --- the record form of each kind of the catalogue ------------------------------------------

def _record_field(f):
    if f.type == "date":
        return on_day(f.label, f.required)
    if f.type == "int":
        return whole(f.label, 0, 100000, f.required, between=f"{f.label}应为0至100000之间的整数",
                     render_kw={"min": 0})
    if f.type == "select":
        return SelectField(f.label, choices=[("", "请选择")] + [(o, o) for o in f.options],
                           validate_choice=False, validators=_need(f.label, f.required) + [
                               AnyOf(f.options, message=f"请选择有效的{f.label}")])
    if f.type == "person":  # the choices are the person's branch members, set per page
        return SelectField(f.label, choices=[], validate_choice=False,
                           validators=_need(f.label, f.required) + [
                               Regexp(r"^\d+$", message="请选择党员")])
    limit = TEXT_LIMITS.get(f.name, 200)
    cls = TextAreaField if f.type == "area" else StringField
    return cls(f.label, validators=_need(f.label, f.required) + [
        Length(max=limit, message=f"{f.label}不能超过{limit}个字")])


@cache
def record_form(spec: Kind) -> type[ProjectForm]:
    """The form class of one record kind: a field per catalogue field, in its order."""
    fields = {f.name: _record_field(f) for f in spec.fields}
    return type(f"RecordForm_{spec.code}", (ProjectForm,), fields)


def record_values(form) -> dict:
    """The record's values as the action takes them (an empty choice is no value)."""
    return {f.name: (None if f.data == "" else f.data) for f in form}


# --- buttons with a reason on the development page -----------------------------------------

class EndForm(ProjectForm):
    reason = text("终止原因", 500)  # the action asks for it in its own words


class ReviewForm(ProjectForm):
    decision = StringField("审核结果")
    reason = text("退回原因", 500)


class SubmitForm(ProjectForm):
    # The amount is parsed by the dues rules (actions.members.dues.money), message at the field.
    dues_monthly = StringField("预备党员每月应缴党费金额（元）", validators=[
        Optional(), Length(max=20, message="请输入正确的金额：" + MONEY_HELP)])
    explanation = text("情况说明", 5000, area=True)


# --- the superior committee's decision --------------------------------------------------------

OUTCOMES = {"conversion": [("approve", "按期转正"), ("extend", "延长预备期"),
                           ("cancel", "取消预备党员资格")],
            None: [("approve", "同意"), ("reject", "不同意（终止发展流程）")]}


class DecideForm(ProjectForm):
    # No default: a POST without an outcome is refused by the action, never approved.
    outcome = RadioField("审核结果", choices=OUTCOMES[None], validate_choice=False)
    decided_on = on_day("决定日期")
    extension_months = IntegerField("延长月数（6-12）", validators=[Optional()],
                                    invalid_value_message="请填写延长预备期月数")
    opinion = text("意见", 1000, area=True)

    def for_kind(self, kind: str) -> DecideForm:
        """Offer the outcomes of this kind of submission."""
        self.outcome.choices = OUTCOMES.get(kind, OUTCOMES[None])
        return self


# --- the short paths --------------------------------------------------------------------------

# Labels without the star: the templates mark the fields the action asks for.
REQUIRED = {"required": True}


class ConvertForm(ProjectForm):
    full_on = on_day("转正日期", said="日期", render_kw=REQUIRED)
    meeting_on = on_day("支部大会讨论日期", said="日期")


class AdmitForm(ProjectForm):
    # Missing dates and introducers are refused by the action, with the article they break.
    meeting_on = on_day("支部大会讨论日期（入党日期）", said="日期", render_kw=REQUIRED)
    approved_on = on_day("上级党委审批日期", said="日期", render_kw=REQUIRED)
    target_on = on_day("确定为发展对象日期", said="日期")
    introducer1 = text("入党介绍人一", 50, render_kw=REQUIRED)
    introducer2 = text("入党介绍人二", 50, render_kw=REQUIRED)
    note = text("说明", 500)
    # Not an input: the action's refusal of the pair (field "introducers") is shown here.
    introducers = HiddenField()


def admission(form: AdmitForm) -> recorded.Admission:
    """The admission decided on paper, as the action takes it."""
    return recorded.Admission(
        meeting_on=form.meeting_on.data, approved_on=form.approved_on.data,
        target_on=form.target_on.data, note=form.note.data or "",
        introducers=(form.introducer1.data or "", form.introducer2.data or ""))


# --- 系统管理 → 发展党员规则设置 -------------------------------------------------------------

class _SettingsBase(ProjectForm):
    revision_2026_from = on_day("2026年版细则施行日期（留空：全部按2014年版核对）",
                                said="2026年版细则施行日期")
    notice_required = BooleanField("2014年版下执行公示制度（地方规定；2026年版一律公示）")

    def values(self) -> dict:
        return {f.name: f.data for f in self}


def _threshold(label: str, lo: int, hi: int, optional: bool) -> IntegerField:
    shown = f"{label}（{lo}–{hi}{'，留空为不设' if optional else ''}）"
    return IntegerField(shown, validators=_need(label, not optional) + [
        NumberRange(lo, hi, message=f"{label}应在{lo}至{hi}之间")],
        invalid_value_message=f"{label}应为整数", widget=StringField.widget)


SettingsForm = type("SettingsForm", (_SettingsBase,), {
    name: _threshold(*spec) for name, spec in THRESHOLDS.items()})


class DayForm(ProjectForm):
    day = on_day("日期")
    kind = SelectField("类型", choices=list(DAY_KINDS.items()), validate_choice=False)
    note = text("说明", 200)


# --- 串码管理 → 生成串码 --------------------------------------------------------------------

def _digits(form, field) -> None:
    if field.data and not str(field.data).isdigit():
        raise ValidationError("请选择党支部")


class GenerateForm(ProjectForm):
    org = SelectField("党支部 *", choices=[], validate_choice=False, validators=[_digits])
    note = text("发放对象（姓名或备注，选填）", 50, render_kw={"maxlength": 50})
    days = IntegerField(f"有效天数（1-{MAX_DAYS}）", validators=[Optional(), NumberRange(
        1, MAX_DAYS, message=f"有效天数应在1至{MAX_DAYS}天之间")],
        invalid_value_message="有效天数应为整数", render_kw={"min": 1, "max": MAX_DAYS})
    member = StringField("已登记人员的身份证号码（选填）", validators=[
        Optional(), Length(max=18, message="该党支部没有登记此身份证号码的人员")],
        render_kw={"maxlength": 18})
