"""Form building blocks shared by the views: Chinese labels, code-table selects, dates."""
from __future__ import annotations

from flask_admin.model.fields import AjaxSelectField
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import InputRequired, Length, Optional

from models.codes import choices


def required(label: str) -> list:
    return [InputRequired(f"请填写{label}")]


def text(label: str, max_len: int = 100, need: bool = False, area: bool = False, **kw):
    validators = (required(label) if need else [Optional()]) + [
        Length(max=max_len, message=f"{label}不能超过{max_len}个字")
    ]
    cls = TextAreaField if area else StringField
    return cls(label, validators=validators, **kw)


def code_select(label: str, table: dict[str, str], need: bool = False, **kw):
    opts = [("", "请选择")] + choices(table)
    validators = required(label) if need else [Optional()]
    return SelectField(label, choices=opts, validators=validators,
                       coerce=lambda v: v or None, validate_choice=True, **kw)


def date_field(label: str, need: bool = False, **kw):
    validators = required(label) if need else [Optional()]
    return DateField(label, validators=validators, format="%Y-%m-%d",
                     render_kw={"type": "date", "max": "2100-12-31"}, **kw)


def flag(label: str, **kw):
    return BooleanField(label, **kw)


class ScopedAjaxSelect(AjaxSelectField):
    """Ajax picker whose refusal of an id outside the user's scope reads in Chinese."""

    def pre_validate(self, form):
        if not self.allow_blank and self.data is None:
            raise ValidationError(f"请选择{self.label.text}（只能选择本组织及下级的有效组织或人员）")


def ajax_select(loader, label: str, need: bool = True, **kw):
    validators = required(label) if need else [Optional()]
    render_kw = {"data-placeholder": "输入名称、代码或身份证号搜索", **kw.pop("render_kw", {})}
    return ScopedAjaxSelect(loader, label, validators=validators, allow_blank=not need,
                            render_kw=render_kw, **kw)
