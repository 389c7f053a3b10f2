"""操作记录: read-only audit log, 本级 (own organisation) and 辖区 (whole subtree)."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from flask_login import current_user
from sqlalchemy import select

from actions import clock
from actions.members.idnumber import normalize
from actions.privacy import mask_ids_in
from actions.security.duties import AUDIT_ADMIN
from models import AuditLog, Person, db
from views.audit_changes import changes_table, without_logins
from views.base import SecureModelView

ACTIONS = {"insert": "新增", "update": "修改", "delete": "删除", "bulk_update": "批量修改",
           "bulk_delete": "批量删除", "bulk_insert": "批量新增", "export": "导出", "import": "导入",
           "print": "打印", "reveal": "查看身份证号"}
# Things logged that are not a table (exports of a statistics table).
OTHER_OBJECTS = {"statistics": "统计表"}


def local_time(value: datetime | None) -> str:
    return clock.format_time(value)


def object_types() -> dict[str, str]:
    """Map table names to Chinese labels, for every model in the metadata."""
    tables = {m.class_.__tablename__: getattr(m.class_, "__label__", m.class_.__name__)
              for m in db.Model.registry.mappers}
    return {**OTHER_OBJECTS, **tables}


def _to_utc(text: str, end: bool) -> datetime | None:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            value = datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d" and end:
            value += timedelta(days=1)
        return clock.to_utc(value)
    return None


class TimeFilter(BaseSQLAFilter):
    """Local (Beijing) time bound on the UTC column."""

    def __init__(self, name, after: bool):
        super().__init__(AuditLog.at, name)
        self.after = after

    def validate(self, value):
        return _to_utc(value, not self.after) is not None

    def apply(self, query, value, alias=None):
        bound = _to_utc(value, not self.after)
        return query.filter(AuditLog.at >= bound if self.after else AuditLog.at < bound)

    def operation(self):
        return "不早于" if self.after else "不晚于"


class PersonFilter(BaseSQLAFilter):
    """Entries about one person, found by ID number."""

    def __init__(self):
        super().__init__(AuditLog.person_id, "相关人员身份证号")

    def apply(self, query, value, alias=None):
        pid = db.session.execute(
            select(Person.id).where(Person.id_number == normalize(value))
        ).scalar_one_or_none()
        return query.filter(AuditLog.person_id == (pid if pid is not None else -1))

    def operation(self):
        return "等于"


class AuditLogView(SecureModelView):
    """辖区: every entry about objects of the user's subtree."""

    allow_create = allow_edit = allow_delete = False
    duty_roles = (AUDIT_ADMIN,)
    can_view_details = True
    column_list = ["at", "username", "action", "object_type", "summary", "ip"]
    column_details_list = ["at", "username", "ip", "action", "object_type", "object_id",
                           "summary", "changes"]
    column_export_list = ["at", "username", "action", "object_type", "object_id", "summary", "ip"]
    column_codes = {"action": ACTIONS}
    column_masked_text = ("summary", "changes")  # exports mask ID numbers in these too
    column_default_sort = ("at", True)
    column_sortable_list = ["at"]
    column_formatters = {
        "at": lambda v, c, m, n: local_time(m.at),
        # ID numbers in the log are always masked, for every reader of it.
        "summary": lambda v, c, m, n: mask_ids_in(m.summary),
        "object_type": lambda v, c, m, n: object_types().get(m.object_type, m.object_type),
        "changes": changes_table,
    }

    column_filters = [
        TimeFilter("时间", after=True),
        TimeFilter("时间", after=False),
        FilterEqual(AuditLog.username, "操作用户"),
        PersonFilter(),
    ]

    def __init__(self, *args, **kwargs):
        # The tables are known once every model is imported: exports show them in Chinese too.
        self.column_codes = {**self.column_codes, "object_type": object_types()}
        super().__init__(*args, **kwargs)

    def get_filters(self):
        filters = super().get_filters() or []
        filters.append(FilterEqual(AuditLog.object_type, "对象类型",
                                   options=lambda: list(object_types().items())))
        filters.append(FilterEqual(AuditLog.action, "操作", options=list(ACTIONS.items())))
        return filters

    def get_query(self):
        return without_logins(super().get_query())

    @property
    def list_toggle(self):
        """A link between business operations only and everything, login records included."""
        from flask import request, url_for
        if request.args.get("logins") == "1":
            return "只看业务操作", url_for(".index_view")
        return "显示登录记录（最后登录时间等）", url_for(".index_view", logins="1")


class OwnAuditLogView(AuditLogView):
    """本级: entries about objects of the user's own organisation only."""

    own_org_only = True

    def get_query(self):
        return super().get_query().filter(AuditLog.org_path == current_user.org.path)
