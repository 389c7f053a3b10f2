"""Finding an organisation by part of its name or code, or by the pinyin initials of its name."""
from __future__ import annotations

import re
import threading

from sqlalchemy import and_, func, or_, select

from actions.members.people import initials
from models import Organization, OrgChange

LETTERS = re.compile(r"^[A-Za-z]+$")
MAX_IDS = 2000

_lock = threading.Lock()
_cache: dict = {"key": None, "rows": []}


def _initials_table(session) -> list[tuple[int, str]]:
    """(id, initials of the name) of every organisation; rebuilt when organisations change."""
    key = session.execute(select(func.count(), func.max(Organization.id),
                                 func.max(Organization.created_at))
                          .select_from(Organization)).one()
    key = (*key, session.execute(select(func.max(OrgChange.id))).scalar())
    with _lock:
        if _cache["key"] != key:
            names = session.execute(select(Organization.id, Organization.name)).all()
            _cache["rows"] = [(oid, initials(name)) for oid, name in names]
            _cache["key"] = key
        return _cache["rows"]


def by_initials(session, term: str) -> list[int]:
    """Ids of organisations whose name's pinyin initials contain `term` ("dhq" → 东湖区…)."""
    term = term.lower()
    found = [oid for oid, ini in _initials_table(session) if term in ini]
    return found[:MAX_IDS]


def _prefix(column, term: str):
    return and_(column >= term, column < term[:-1] + chr(ord(term[-1]) + 1))


def org_search(session, term: str):
    """SQL condition: a current or former name or code containing `term`, or its initials."""
    if term.isdigit():
        former = select(OrgChange.org_id).where(_prefix(OrgChange.old_code, term))
        return or_(Organization.code.contains(term, autoescape=True),
                   Organization.id.in_(former))
    former = select(OrgChange.org_id).where(OrgChange.old_name.contains(term, autoescape=True))
    cond = or_(Organization.name.contains(term, autoescape=True), Organization.id.in_(former))
    if LETTERS.match(term):
        ids = by_initials(session, term)
        if ids:
            cond = or_(cond, Organization.id.in_(ids))
    return cond
