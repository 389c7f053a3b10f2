"""How plain values look in lists, details pages and exports: 是/否, local times, no "None"."""
from __future__ import annotations

from datetime import date, datetime

from flask_admin.model import typefmt

from actions import clock
from models import Person
from views.id_columns import person_label


def yes_no(view, value, name=None) -> str:
    return "是" if value else "否"


def local_time(view, value, name=None) -> str:
    return clock.format_time(value)


def iso_date(view, value, name=None) -> str:
    return value.isoformat()


def empty(view, value, name=None) -> str:
    return ""


def person(view, value, name=None) -> str:
    return person_label(value)  # another record's person: never his full ID number


# Type formatters for every model view (bool before int: True is an int too).
TYPE_FORMATTERS = {**typefmt.BASE_FORMATTERS, type(None): empty, bool: yes_no,
                   datetime: local_time, date: iso_date, Person: person}
EXPORT_FORMATTERS = {**typefmt.EXPORT_FORMATTERS, type(None): empty, bool: yes_no,
                     datetime: local_time, date: iso_date, Person: person}
