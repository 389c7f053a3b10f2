"""Exports that identify each row's person: name, 身份证号码 (as the user may see it) and 所在党组织.

Two members with the same name are told apart in every export of a per-person list. Months
export as YYYY-MM (a month cell in XLSX).
"""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from actions import privacy
from actions.export import Month
from models import Organization, Person


def id_formatter():
    """The ID number as the current user may see it, decided now: a CSV is written after the
    request's user is gone from the database session."""
    if privacy.sees_full_ids(current_user):
        return lambda value: value or ""
    return privacy.mask_id


class PersonExportMixin:
    """For a SecureModelView over a model with `person_id`: add the person's ID and organisation
    after the person's name, and format the columns named in `export_formats`."""

    export_formats: dict = {}
    month_columns: tuple = ()

    def export_columns(self):
        columns = super().export_columns()
        names = {str(header): name for name, header in self._export_columns}
        formats = {**{n: Month.of for n in self.month_columns}, **self.export_formats}
        columns = [(h, expr, formats.get(names.get(h), fmt)) for h, expr, fmt in columns]
        person_id = self.model.person_id
        id_number = (select(Person.id_number).where(Person.id == person_id)
                     .correlate(self.model).scalar_subquery())
        org = (select(Organization.name).join(Person, Person.org_id == Organization.id)
               .where(Person.id == person_id).correlate(self.model).scalar_subquery())
        extra = [("身份证号码", id_number, id_formatter()), ("所在党组织", org, None)]
        headers = [h for h, _e, _f in columns]
        extra = [c for c in extra if c[0] not in headers]
        at = next((i + 1 for i, (h, _e, _f) in enumerate(columns)
                   if names.get(h) == "person"), 0)
        return columns[:at] + extra + columns[at:]
