"""One box on every page: menu entries by name, people by name, ID number or pinyin initials."""
from __future__ import annotations

import re

from sqlalchemy import and_, select

from actions.scoping import scope
from models import Person, path_bounds

LIMIT = 20
ID_LIKE = re.compile(r"^[0-9]{4,17}[0-9Xx]?$")
INITIALS = re.compile(r"^[A-Za-z]{1,20}$")


def _prefix(column, value: str):
    return and_(column >= value, column < value + "\U0010ffff")


def find_people(session, user, text: str, limit: int = LIMIT) -> list[Person]:
    """People of the user's jurisdiction whose ID number, name or initials start with `text`.

    Each kind of search is one prefix range on an indexed column inside the user's subtree.
    """
    text = (text or "").strip()
    if not text:
        return []
    if ID_LIKE.match(text):
        cond = _prefix(Person.id_number, text.upper())
    elif INITIALS.match(text):
        cond = _prefix(Person.name_initials, text.lower())
    else:
        cond = _prefix(Person.name, text)
    lo, hi = path_bounds(user.org.path)
    stmt = scope(select(Person).where(cond, Person.org_path >= lo, Person.org_path < hi),
                 user, Person).order_by(Person.name, Person.id).limit(limit)
    return list(session.execute(stmt).scalars())


def find_menu(entries: list[tuple[str, str, str]], text: str) -> list[tuple[str, str, str]]:
    """Menu entries (category, name, url) whose name or category contains `text`."""
    text = (text or "").strip()
    if not text:
        return []
    return [e for e in entries if text in e[1] or text in (e[0] or "")]
