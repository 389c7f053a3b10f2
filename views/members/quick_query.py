"""信息查询: every person of the jurisdiction by query object, 本级 or 辖区, and any field."""
from __future__ import annotations

from flask_admin.contrib.sqla.filters import (
    BaseSQLAFilter,
    BooleanEqualFilter,
    DateBetweenFilter,
    DateGreaterFilter,
    DateSmallerFilter,
    FilterEqual,
    FilterLike,
)
from flask_login import current_user
from markupsafe import Markup, escape

from actions.members import categories
from actions.scoping import bounds_of
from models import Person
from models.codes import (
    CATEGORY,
    DEGREE,
    EDUCATION,
    ETHNICITY,
    MANAGEMENT,
    SEX,
    STAGE,
    STATUS,
)
from views.members.bulk import MemberBulkMixin
from views.members.entry import member_url
from views.members.lists import OrgSubtreeFilter, PersonBaseView


class QueryObjectFilter(BaseSQLAFilter):
    """查询对象: which category of people to search."""

    def __init__(self):
        super().__init__(Person.stage, "查询对象",
                         options=categories.choices())

    def apply(self, query, value, alias=None):
        if value not in categories.QUERY_OBJECTS:
            return query.filter(Person.id < 0)
        return query.filter(categories.within(value, *bounds_of(current_user)))

    def operation(self):
        return "为"


class LevelFilter(BaseSQLAFilter):
    """查询方式: 本级 (the user's own organisation) or 辖区 (the whole subtree)."""

    def __init__(self):
        super().__init__(Person.org_id, "查询方式", options=[("own", "本级"), ("all", "辖区")])

    def apply(self, query, value, alias=None):
        if value == "own":
            return query.filter(Person.org_id == current_user.org_id)
        return query

    def operation(self):
        return "为"


def _eq(column, label, table):
    return FilterEqual(column, label, options=list(table.items()))


class MemberQueryView(MemberBulkMixin, PersonBaseView):
    """All people of the jurisdiction; pick the query object and any field as a condition."""

    scope_present = True  # members flowing in and received here are found here too

    column_list = ["name", "sex", "id_number", "birth_date", "stage", "management", "status",
                   "org", "joined_on"]
    column_formatters = {"name": lambda v, c, m, n: Markup(
        f"<a href='{member_url(m)}'>{escape(m.name)}</a>")}
    column_filters = [
        QueryObjectFilter(), LevelFilter(), OrgSubtreeFilter(),
        _eq(Person.sex, "性别", SEX), _eq(Person.ethnicity, "民族", ETHNICITY),
        _eq(Person.education, "学历", EDUCATION), _eq(Person.degree, "学位", DEGREE),
        _eq(Person.category, "人员类别", CATEGORY), _eq(Person.stage, "人员阶段", STAGE),
        _eq(Person.management, "管理方式", MANAGEMENT), _eq(Person.status, "状态", STATUS),
        DateBetweenFilter(Person.birth_date, "出生日期"),
        DateGreaterFilter(Person.birth_date, "出生日期"), DateSmallerFilter(Person.birth_date, "出生日期"),
        DateBetweenFilter(Person.joined_on, "入党日期"),
        DateGreaterFilter(Person.joined_on, "入党日期"), DateSmallerFilter(Person.joined_on, "入党日期"),
        DateBetweenFilter(Person.full_on, "转正日期"), DateBetweenFilter(Person.applied_on, "申请入党日期"),
        DateBetweenFilter(Person.work_started_on, "参加工作日期"),
        FilterLike(Person.native_place, "籍贯"), FilterLike(Person.job, "工作岗位"),
        FilterLike(Person.phone, "联系电话"), FilterLike(Person.address, "家庭住址"),
        BooleanEqualFilter(Person.lost_contact, "失联"),
    ]
    list_note = "查询对象默认全部；按姓名、身份证号（含曾用号码）或拼音首字母搜索"
