"""Form building blocks shared by the views: Chinese labels, code-table selects, dates."""
from __future__ import annotations

import os
from decimal import Decimal

from babel.support import Translations as Catalogue
from flask_admin.babel import Translations as AdminFormTranslations
from flask_admin.form import BaseForm
from flask_admin.model.fields import AjaxSelectField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    Field,
    FloatField,
    Form,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from models.codes import choices
from views.field_checks import no_hidden_characters

INT_MAX = 2**31 - 1  # INTEGER columns on both databases
DECIMAL_MAX = Decimal(10) ** 10  # NUMERIC(12, 2): ten digits before the point


class ProjectTranslations:
    """WTForms messages in the platform's own words first, the stock Chinese otherwise."""

    _own = None

    @property
    def own(self):
        """The platform's catalogue, loaded on first use (admin_app's forms use this module)."""
        if self._own is None:
            from admin_app.translations import HERE, LOCALE

            type(self)._own = Catalogue.load(os.path.join(HERE), [LOCALE], "wtforms")
        return self._own
    stock = AdminFormTranslations()

    def gettext(self, string: str) -> str:
        text = self.own.gettext(string)
        return text if text != string else self.stock.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        text = self.own.ngettext(singular, plural, n)
        return text if text not in (singular, plural) else self.stock.ngettext(singular, plural, n)


def _in_range(form, field) -> None:
    """A number the column cannot hold is refused at the field, not at the database."""
    value = field.data
    if value is None:
        return
    if isinstance(field, IntegerField) and not -INT_MAX <= value <= INT_MAX:
        raise ValidationError("数值超出允许范围")
    if isinstance(field, (DecimalField, FloatField)):
        try:
            too_big = not abs(Decimal(str(value))) < DECIMAL_MAX
        except ArithmeticError:
            too_big = True
        if too_big:
            raise ValidationError("数值超出允许范围（整数部分最多10位）")


class ProjectMeta:
    """Every form of the platform: its own messages, no hidden characters, numbers in range."""

    _translations = ProjectTranslations()

    def get_translations(self, form):
        return self._translations

    def bind_field(self, form, unbound_field, options):
        validators = list(options.get("validators") or unbound_field.kwargs.get(
            "validators") or [])
        # Hidden characters first: a later Optional() would otherwise pass the emptied value.
        validators = [no_hidden_characters] + validators
        if issubclass(unbound_field.field_class, (IntegerField, DecimalField, FloatField)):
            validators.append(_in_range)
        options["validators"] = validators
        return super().bind_field(form, unbound_field, options)


class SafeForm(BaseForm):
    """Base of every admin model form (see ProjectMeta).

    (Control and invisible characters are removed from all submitted text before any form sees
    it, in admin_app.input_guard; the field that carried them is refused here.)
    """

    class Meta(ProjectMeta, BaseForm.Meta):
        pass


class ProjectForm(Form):
    """Base of the forms of the custom pages (see ProjectMeta)."""

    class Meta(ProjectMeta, Form.Meta):
        pass


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


class ConfirmForm(ProjectForm):
    """The marker a confirmation page posts back with the form it confirms."""

    confirmed = HiddenField()

    def is_confirmed(self) -> bool:
        return self.validate() and self.confirmed.data == "1"


class IdListField(Field):
    """The ids of a repeated input (name="id" once per row), as integers."""

    widget = HiddenInput()

    def process_formdata(self, valuelist):
        self.data = [int(v) for v in valuelist if v.isdigit() and int(v) <= INT_MAX]

    def _value(self):
        return ""
