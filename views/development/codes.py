"""串码管理: generate activation codes (shown once), the searchable history, revoking."""
from __future__ import annotations

from flask import current_app, flash, make_response, redirect, request
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_login import current_user
from sqlalchemy import and_, select

from actions.portal import codes
from actions.scoping import scope
from models import ActivationCode, Organization, db
from models.base import utcnow
from models.codes import BRANCH_KINDS
from models.portal import CODE_STATUS
from views.audit_log import _to_utc, local_time
from views.base import SecureModelView
from views.development import forms as F
from views.field_checks import checks_fields
from views.helpers import run_action

PURPOSE = {"applicant": "新入党申请人", "member": "已登记人员（开通账号或重置密码）"}


class CodeStatusFilter(BaseSQLAFilter):
    """状态: unused, activated, expired (unused past its date) or revoked."""

    def __init__(self):
        super().__init__(ActivationCode.status, "状态", options=list(CODE_STATUS.items()))

    def apply(self, query, value, alias=None):
        now = utcnow()
        col, exp = ActivationCode.status, ActivationCode.expires_at
        cond = {"unused": and_(col == "unused", exp > now),
                "expired": and_(col == "unused", exp <= now)}.get(value, col == value)
        return query.filter(cond)

    def operation(self):
        return "等于"


class CreatedFilter(BaseSQLAFilter):
    """生成时间 bound in local (Beijing) time; a bare date as upper bound includes that day."""

    def __init__(self, after: bool):
        super().__init__(ActivationCode.created_at, "生成时间")
        self.after = after

    def validate(self, value):
        return _to_utc(value, not self.after) is not None

    def apply(self, query, value, alias=None):
        bound = _to_utc(value, not self.after)
        col = ActivationCode.created_at
        return query.filter(col >= bound if self.after else col < bound)

    def operation(self):
        return "不早于" if self.after else "不晚于"


def _local(view, context, model, name):
    return local_time(getattr(model, name))[:16]


def _state(view, context, model, name):
    return CODE_STATUS[model.state()]


def _purpose(view, context, model, name):
    return PURPOSE.get(model.purpose, model.purpose)


def _code(view, context, model, name):
    return f"********{model.hint}"


def branches():
    """Branches of the user's jurisdiction that codes can be generated for."""
    return db.session.execute(
        scope(select(Organization), current_user, Organization)
        .where(Organization.kind.in_(BRANCH_KINDS), Organization.status == "active")
        .order_by(Organization.path).limit(500)).scalars().all()


class CodeView(SecureModelView):
    """串码管理: history of activation codes; the code itself is never stored or shown again."""

    can_view_details = False
    list_template = "portal/admin_codes.html"
    column_list = ["created_at", "org", "note", "hint", "purpose", "status", "expires_at",
                   "activated_at", "person", "created_by"]
    column_labels = {"hint": "串码", "created_at": "生成时间"}
    column_formatters = {"status": _state, "hint": _code, "purpose": _purpose,
                         "created_at": _local, "expires_at": _local, "activated_at": _local}
    # The digest never leaves the database. Exports run as one SQL select, so the stored status
    # is shown there (an expired code reads 未使用 with its past 有效期至).
    column_export_list = ["created_at", "org", "note", "hint", "purpose", "status", "expires_at",
                          "activated_at", "person"]
    column_codes = {"purpose": PURPOSE, "status": CODE_STATUS}
    column_filters = [CreatedFilter(after=True), CreatedFilter(after=False), CodeStatusFilter()]
    column_default_sort = ("created_at", True)
    column_sortable_list = ["created_at"]
    action_roles = {"revoke": "operator"}

    @action("revoke", "作废", "确定作废所选串码？作废后不能再激活。")
    def action_revoke(self, ids):
        ok, n = run_action(codes.revoke, db.session, current_user, self.query_for_ids(ids).all())
        if ok:
            flash(f"已作废 {n} 条（已激活、已过期或已作废的串码不变）", "success")

    @expose("/generate/", methods=("GET", "POST"))
    @checks_fields
    def generate(self):
        if not current_user.can("operator"):
            flash("当前角色无权生成串码", "error")
            return redirect(self.get_url(".index_view"))
        form = F.GenerateForm(request.form) if request.method == "POST" else F.GenerateForm(
            org=str(current_user.org_id), days=codes.DEFAULT_DAYS)
        form.org.choices = [(str(o.id), o.name) for o in branches()]
        issued = None
        if request.method == "POST" and form.validate():
            issued = run_action(codes.generate, db.session, current_user,
                                current_app.config["SECRET_KEY"], form.org.data, form.days.data,
                                form.note.data, form.member.data, form=form)[1]
        resp = make_response(self.render(
            "portal/admin_generate.html", form=form, issued=issued, local_time=local_time))
        resp.headers["Cache-Control"] = "no-store"  # the page holding a code is not cached
        return resp
