"""ID-number columns of the admin lists, details pages and exports (actions.privacy decides).

Lists always show the masked number; a details page shows it as the user may see it and logs
each full reveal; exports carry full numbers only for users who may see them (the export's
audit entry says so).
"""
from __future__ import annotations

from flask import g
from flask_login import current_user

from actions import privacy
from models import db

ID_COLUMNS = ("id_number", "person.id_number")


def _raw(model, name: str):
    value = model
    for part in name.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _person_of(model):
    return model if hasattr(model, "id_number") and hasattr(model, "stage") else \
        getattr(model, "person", None)


def person_label(person) -> str:
    """A person named in a list, picker or another record's page: name and masked number."""
    if person is None:
        return ""
    number = getattr(person, "id_number", None)
    return f"{person.name}（{privacy.mask_id(number)}）" if number else (person.name or "")


def reveal(person) -> None:
    """Log that this request showed `person`'s full number: one audit entry per person and page."""
    shown = g.setdefault("revealed_people", set())
    if person.id in shown:
        return
    shown.add(person.id)
    privacy.record_reveal(db.session, current_user, person)
    db.session.commit()


def page_id_number(person) -> str:
    """A person's number on a page that needs it: full (and logged) for who may see it."""
    if person is None or not person.id_number:
        return ""
    if not privacy.sees_full_ids(current_user):
        return privacy.mask_id(person.id_number)
    reveal(person)
    return person.id_number


def list_formatter(base=None):
    def fmt(view, context, model, name):
        value = base(view, context, model, name) if base else _raw(model, name)
        return privacy.mask_id(str(value)) if value else ""
    return fmt


def detail_formatter(base=None):
    def fmt(view, context, model, name):
        value = base(view, context, model, name) if base else _raw(model, name)
        if not value:
            return ""
        if not privacy.sees_full_ids(current_user):
            return privacy.mask_id(str(value))
        person = _person_of(model)
        if person is not None:
            reveal(person)
        return str(value)
    return fmt


def install(view, model) -> None:
    """Give the view's ID-number columns their list and details formatters."""
    listed = set(view.column_list or ()) | set(view.column_details_list or ())
    names = [n for n in ID_COLUMNS if n in listed or hasattr(model, n)]
    if not names:
        return
    formatters = dict(view.column_formatters or {})
    details = dict(view.column_formatters_detail or formatters)
    for name in names:
        base = formatters.get(name)
        formatters[name] = list_formatter(base)
        details[name] = detail_formatter(details.get(name) if details.get(name) is not base
                                         else base)
    view.column_formatters = formatters
    view.column_formatters_detail = details


def export_formatter():
    """For ExportMixin: the number as the exporting user may see it."""
    full = privacy.sees_full_ids(current_user)
    return (lambda v: v or "") if full else (lambda v: privacy.mask_id(v) if v else "")
