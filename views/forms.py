"""Form building blocks shared by the views: Chinese labels, code-table selects, dates."""
from __future__ import annotations

from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from models.codes import choices


def required(label: str) -> list:
    return [InputRequired(f"请填写{label}")]


def text(label: str, max_len: int = 100, need: bool = False, area: bool = False, **kw):
    validators = (required(label) if need else [Optional()]) + [
        Length(max=max_len, message=f"{label}不能超过{max_len}个字")
    ]
    cls = TextAreaField if area else StringField
    return cls(label + (" *" if need else ""), validators=validators, **kw)


def code_select(label: str, table: dict[str, str], need: bool = False, **kw):
    opts = [("", "请选择")] + choices(table)
    validators = required(label) if need else [Optional()]
    return SelectField(label + (" *" if need else ""), choices=opts, validators=validators,
                       coerce=lambda v: v or None, validate_choice=True, **kw)


def date_field(label: str, need: bool = False, **kw):
    validators = required(label) if need else [Optional()]
    return DateField(label + (" *" if need else ""), validators=validators, format="%Y-%m-%d",
                     render_kw={"type": "date", "max": "2100-12-31"}, **kw)


def flag(label: str, **kw):
    return BooleanField(label, **kw)
