"""Shared pieces of list screens over per-person tables: search and filter by the person."""
from __future__ import annotations

from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from sqlalchemy import select

from models import Person, path_bounds

from views.members.lists import org_by_code_or_name, person_search


class PersonOrgFilter(BaseSQLAFilter):
    """所属组织（含下级）of the row's person: organisation code or full name in the scope."""

    def __init__(self, model, name="所属组织（含下级）"):
        self.model = model
        super().__init__(model.person_id, name)

    def apply(self, query, value, alias=None):
        org = org_by_code_or_name(value)
        if org is None:
            return query.filter(self.model.id < 0)
        lo, hi = path_bounds(org.path)
        return query.filter(self.model.person_id.in_(
            select(Person.id).where(Person.org_path >= lo, Person.org_path < hi)))

    def operation(self):
        return "代码或全称"


class PersonSearchMixin:
    """Search a per-person table by the person's name, ID number or pinyin initials."""

    column_searchable_list = ["person_id"]

    def search_placeholder(self):
        return "姓名 / 身份证号 / 拼音首字母"

    def _apply_search(self, query, count_query, joins, count_joins, search):
        for term in search.split():
            cond = self.model.person_id.in_(select(Person.id).where(person_search(term)))
            query = query.filter(cond)
            if count_query is not None:
                count_query = count_query.filter(cond)
        return query, count_query, joins, count_joins


def person_formatters(*names):
    """Column formatters showing the row's person (name, ID number, organisation)."""
    table = {"person": lambda v, c, m, n: m.person.name,
             "id_number": lambda v, c, m, n: m.person.id_number,
             "org": lambda v, c, m, n: m.person.org.name}
    return {n: table[n] for n in names}
