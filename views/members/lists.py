"""Direct members (直管党员): list with indexed search, filters, details, entry and edit."""
from __future__ import annotations

import re

from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import and_, select
from wtforms import StringField
from wtforms.utils import unset_value
from wtforms.validators import InputRequired
from wtforms.widgets import html_params

from actions.members import categories, people
from actions.orgs import tree as orgs
from models import IdNumberChange, Organization, Person, db, path_bounds
from models.codes import (
    CATEGORY,
    DEGREE,
    EDUCATION,
    ETHNICITY,
    MANAGEMENT,
    MEMBER_STAGES,
    SEX,
    STAGE,
    STATUS,
)
from views.base import SecureModelView
from views.forms import ajax_select, code_select, date_field, text

ID_PREFIX = re.compile(r"^\d{1,17}[\dXx]?$")
INITIALS = re.compile(r"^[A-Za-z]{1,20}$")


def prefix_range(column, prefix: str):
    """An index-friendly prefix match: prefix <= col < prefix with its last char bumped."""
    return and_(column >= prefix, column < prefix[:-1] + chr(ord(prefix[-1]) + 1))


def person_search(term: str):
    """Return the condition for one search term: ID number, pinyin initials or name prefix."""
    term = term.strip()
    if ID_PREFIX.match(term):
        term = term.upper()
        if len(term) < 18:
            return prefix_range(Person.id_number, term)
        # A former number still finds the person (the manual's FAQ 1).
        # One indexed lookup each; an OR of the two would scan the whole path range.
        ids = select(Person.id).where(Person.id_number == term).union_all(
            select(IdNumberChange.person_id).where(IdNumberChange.old_number == term))
        return Person.id.in_(ids)
    if INITIALS.match(term):
        return prefix_range(Person.name_initials, term.lower())
    return prefix_range(Person.name, term)


def search_order(search: str | None) -> tuple | None:
    """Order for a search: by the searched column, so its index serves range, scope and order.

    In tree order (org_path, id) a rare name or ID prefix makes the database walk the whole
    jurisdiction; ordered by the searched column it reads only the matching index entries.
    """
    terms = (search or "").split()
    if not terms:
        return None
    if ID_PREFIX.match(terms[0]):
        return (Person.id_number,)
    column = Person.name_initials if INITIALS.match(terms[0]) else Person.name
    return column, Person.org_path, Person.id


def org_by_code_or_name(value: str | None):
    """The organisation with this code or full name inside the user's scope, or None."""
    return orgs.find_org(db.session, value, current_user)


class OrgSubtreeFilter(BaseSQLAFilter):
    """所属组织（含下级）: an organisation code or full name inside the user's scope."""

    def __init__(self, name="所属组织（含下级）"):
        super().__init__(Person.org_path, name)

    def apply(self, query, value, alias=None):
        org = org_by_code_or_name(value)
        if org is None:
            return query.filter(Person.id < 0)
        lo, hi = path_bounds(org.path)
        return query.filter(Person.org_path >= lo, Person.org_path < hi)

    def operation(self):
        return "代码或全称"


def _choice_filter(column, label, table):
    return FilterEqual(column, label, options=list(table.items()))


class PersonBaseView(SecureModelView):
    """Shared declarations of the screens over the one person table."""

    column_codes = {"sex": SEX, "ethnicity": ETHNICITY, "education": EDUCATION, "degree": DEGREE,
                    "category": CATEGORY, "stage": STAGE, "status": STATUS, "management": MANAGEMENT}
    column_list = ["name", "sex", "id_number", "birth_date", "ethnicity", "education", "stage",
                   "org", "joined_on"]
    column_details_list = ["name", "id_number", "sex", "birth_date", "ethnicity", "native_place",
                           "education", "degree", "category", "work_started_on", "job", "phone",
                           "address", "stage", "management", "status", "org", "applied_on",
                           "joined_on", "full_on", "lost_contact", "created_at", "updated_at"]
    column_export_list = ["name", "sex", "id_number", "birth_date", "ethnicity", "native_place",
                          "education", "degree", "category", "stage", "status", "org", "joined_on",
                          "full_on", "phone"]
    column_searchable_list = ["name", "id_number"]
    column_sortable_list = ["name", "birth_date", "joined_on"]
    # Tree order: members grouped by organisation; served by the (org_path, id) index.
    column_default_sort = [("org_path", False), ("id", False)]
    column_filters = [
        OrgSubtreeFilter(),
        _choice_filter(Person.sex, "性别", SEX),
        _choice_filter(Person.stage, "人员阶段", STAGE),
        _choice_filter(Person.ethnicity, "民族", ETHNICITY),
        _choice_filter(Person.education, "学历", EDUCATION),
    ]
    form_ajax_refs = {
        "org": {"fields": ["name", "code"], "page_size": 20,
                "where": lambda: Organization.status == "active"},
    }
    # Rows of this table are filtered by these conditions on top of the scope.
    where: tuple = ()

    def get_query(self):
        return super().get_query().filter(*self.where)

    def search_placeholder(self):
        return "身份证号 / 姓名 / 拼音首字母"

    def search_order(self, search):
        return search_order(search)

    def _apply_search(self, query, count_query, joins, count_joins, search):
        for term in search.split():
            cond = person_search(term)
            query = query.filter(cond)
            if count_query is not None:
                count_query = count_query.filter(cond)
        return query, count_query, joins, count_joins


class Fixed(StringField):
    """A field shown read-only with a hint to the action that changes it.

    It never takes a value from the request (posting it by hand changes nothing) and never
    writes to the row; the form's data keeps the row's value.
    """

    def __init__(self, label, hint: str, table: dict | None = None, **kw):
        super().__init__(label, description=hint, **kw)
        self.table = table or {}

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(None, data, extra_filters)

    def _value(self) -> str:
        value = self.data
        if value is None or value is unset_value:
            return ""
        return self.table.get(value, str(value)) if isinstance(value, str) else str(value)

    def __call__(self, **kw):
        kw.setdefault("id", self.id)
        kw.pop("required", None)
        kw["class_"] = "form-control"
        kw.pop("class", None)
        attrs = html_params(type="text", value=self._value(), readonly=True, disabled=True, **kw)
        return Markup(f"<input {attrs}>")

    def populate_obj(self, obj, name):  # the action that changes it is the only way
        pass


# Fields no edit form may change, with the action that does (shown as the field's hint).
LOCKED_HINTS = {
    "org": ("所在党组织", "所在党组织只能通过「关系转出」（组织关系转接）改变"),
    "stage": ("人员阶段", "人员阶段只能通过发展流程、「转正」或「补录入党」办理改变"),
    "joined_on": ("入党日期", "入党日期由接收预备党员（发展流程或「补录入党」）记录"),
    "full_on": ("转正日期", "转正日期由「转正」办理记录"),
    "status": ("状态", "状态只能通过流动（流出/返回）、党籍变动或组织关系转接改变"),
    "management": ("管理方式", "流入党员通过「转为直管党员」（送审）改变管理方式"),
}


def lock_fields(form_class, names=("org", "stage", "joined_on", "full_on", "status",
                                   "management")):
    """Replace the given fields of an edit form by read-only ones with their hint."""
    tables = {"stage": STAGE, "status": STATUS, "management": MANAGEMENT}
    for name in names:
        label, hint = LOCKED_HINTS[name]
        setattr(form_class, name, Fixed(label, hint, tables.get(name)))
    return form_class


def _person_form(base, loader, create: bool):
    class PersonForm(base):
        pass

    if create:
        PersonForm.id_number = StringField(
            "身份证号码", validators=[InputRequired("请输入身份证号码")],
            description="出生日期和性别由身份证号码自动得出", render_kw={"maxlength": 18})
    PersonForm.org = ajax_select(loader, "所在党组织")
    PersonForm.name = text("姓名", 50, need=True)
    PersonForm.ethnicity = code_select("民族", ETHNICITY, need=True, default="01")
    PersonForm.stage = code_select("人员阶段", {k: STAGE[k] for k in MEMBER_STAGES}, need=True)
    PersonForm.joined_on = date_field("入党日期", need=True)
    PersonForm.full_on = date_field("转正日期")
    PersonForm.native_place = text("籍贯", 100)
    PersonForm.education = code_select("学历", EDUCATION)
    PersonForm.degree = code_select("学位", DEGREE)
    PersonForm.category = code_select("人员类别", CATEGORY)
    PersonForm.work_started_on = date_field("参加工作日期")
    PersonForm.job = text("工作岗位", 100)
    PersonForm.phone = text("联系电话", 30)
    PersonForm.address = text("家庭住址", 200)
    if not create:
        lock_fields(PersonForm)
    return PersonForm


class DirectMemberView(PersonBaseView):
    """直管党员: probationary and full members managed directly, on the active roll."""

    allow_create = True
    allow_edit = True
    where = (categories.clause("direct"),)

    def get_create_form(self):
        return _person_form(self.form_base_class, self._form_ajax_refs["org"], create=True)

    def get_edit_form(self):
        return _person_form(self.form_base_class, self._form_ajax_refs["org"], create=False)

    @staticmethod
    def _fields(form) -> people.PersonFields:
        return people.PersonFields.from_mapping({f.name: f.data for f in form})

    def create_record(self, form):
        org = form.org.data
        return people.create_person(db.session, current_user, org.id if org else None,
                                    form.id_number.data, self._fields(form))

    def update_record(self, form, obj):
        org = form.org.data
        if org is None or org.id != obj.org_id:
            from actions.errors import RuleViolation

            raise RuleViolation("所在党组织不能在此修改，请使用组织关系转接", "org")
        return people.update_person(db.session, current_user, obj, self._fields(form))
