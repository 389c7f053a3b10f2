"""待审批党员 (for parent organisations) and 审批退回 (for the submitting organisation)."""
from __future__ import annotations

from flask import flash, request
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select

from actions.members import approvals, categories
from actions.scoping import is_strictly_below
from models import ApprovalDecision, db
from views.forms import ConfirmForm
from views.helpers import run_action
from views.members.entry import member_url, rows_for_ids
from views.members.lists import DirectMemberView, PersonBaseView
from views.messages import drop_generic_when_told_more


def _name_link(v, c, m, n):
    return Markup(f"<a href='{member_url(m)}'>{escape(m.name)}</a>")


def _last_reason(v, c, m, n):
    return db.session.execute(
        select(ApprovalDecision.reason).where(ApprovalDecision.person_id == m.id,
                                              ApprovalDecision.decision == "rejected")
        .order_by(ApprovalDecision.id.desc()).limit(1)).scalar() or ""


def _decide_button(v, c, m, n):
    """审批 in the operation column, for people this user's organisation decides on."""
    if not is_strictly_below(m.org_path, current_user):
        return Markup("<span class='text-muted small'>待上级审批</span>")
    return Markup(f"<a class='btn btn-sm btn-primary' href='{member_url(m)}#approval-box'>审批</a>")


class PendingApprovalView(PersonBaseView):
    """Everyone waiting for approval in the user's jurisdiction; decisions on the member page."""

    where = (categories.clause("pending"),)
    column_list = ["name", "sex", "id_number", "birth_date", "stage", "org", "joined_on",
                   "created_at", "ops"]
    column_labels = {"ops": "操作"}
    column_formatters = {"name": _name_link, "ops": _decide_button}
    list_note = "点击操作列的“审批”核对完整信息后审批（本组织录入的人员由上级党组织审批）"


class ReturnedMemberView(PersonBaseView):
    """审批退回: the submitting organisation sees reasons, edits, resubmits or deletes entries."""

    allow_edit = True
    where = (categories.clause("returned"),)
    column_list = ["name", "sex", "id_number", "stage", "org", "reason"]
    column_labels = {"reason": "退回原因"}
    column_formatters = {"name": _name_link, "reason": _last_reason}
    action_roles = {"resubmit": "operator", "delete_rejected": "operator"}

    def get_save_return_url(self, model, is_created: bool = False) -> str:
        """After editing a returned member, back to the member's page with 重新送审 on it."""
        super().get_save_return_url(model, is_created)
        flash("已保存修改。核对无误后请点击“重新送审”。", "info")
        drop_generic_when_told_more()
        return member_url(model)

    get_edit_form = DirectMemberView.get_edit_form
    _fields = staticmethod(DirectMemberView._fields)
    update_record = DirectMemberView.update_record

    def _act(self, ids, fn, done):
        rows = rows_for_ids(self, ids)
        if not rows:
            flash("请先勾选人员", "warning")
            return None
        ok, n = run_action(fn, rows)
        if ok:
            flash(f"{done}，已处理 {n} 条", "success")
        return None

    @action("resubmit", "重新送审", "确定将勾选的人员重新送上级审批？")
    def action_resubmit(self, ids):
        return self._act(ids, lambda rows: len([approvals.resubmit(
            db.session, current_user, p.id) for p in rows]), "已重新送审")

    @action("delete_rejected", "删除")
    def action_delete(self, ids):
        # Destructive: show the people on a confirmation page; delete only on its POST.
        if not ConfirmForm(request.form).is_confirmed():
            rows = rows_for_ids(self, ids)
            if not rows:
                flash("请先勾选人员", "warning")
                return None
            return self.render("members/confirm_delete.html", rows=rows,
                               reason=lambda p: _last_reason(None, None, p, None))
        return self._act(ids, lambda rows: approvals.delete_rejected(
            db.session, current_user, rows), "已删除")


