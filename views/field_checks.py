"""Hidden characters refused at the field: what admin_app.input_guard removed is said there.

The input guard strips control, bidi and zero-width characters from every submitted value and
notes which fields carried them. A form of the platform (views.forms.ProjectMeta) then refuses
each such field with a Chinese message at the field, so nothing is saved. A POST that does not
validate its fields through such a form (a list action, a delete button) is not run: the user
gets a Chinese error page.
"""
from __future__ import annotations

from flask import has_request_context, request
from wtforms.validators import StopValidation

from actions.security import hostile

# Flask-Admin's model forms (SafeForm) validate every field of these endpoints.
MODEL_FORM_ENDPOINTS = ("create_view", "edit_view")


def hostile_fields() -> frozenset:
    """Names of this request's submitted fields that carried hidden characters."""
    if not has_request_context():
        return frozenset()
    names = set(getattr(request.args, "dirty_keys", ()))
    if request.method != "GET":
        names |= set(getattr(request.form, "dirty_keys", ()))
    return frozenset(names)


def no_hidden_characters(form, field) -> None:
    """Validator run first on every field of a project form."""
    if field.name in hostile_fields():
        field.errors[:] = []
        raise StopValidation(hostile.REFUSED_FIELD)


def checks_fields(fn):
    """Mark a custom POST page whose fields are all validated by a project form."""
    fn.checks_fields = True
    return fn


def validated_at_fields(view_function, endpoint: str) -> bool:
    """Whether a POST to this endpoint reports hidden characters at its form's fields."""
    return bool(getattr(view_function, "checks_fields", False)) or \
        endpoint.rsplit(".", 1)[-1] in MODEL_FORM_ENDPOINTS
