"""系统管理 → 发展党员规则设置: the revision date, the thresholds and the calendar overrides."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user

from actions.development import rule_config
from actions.development.stages import HARD_LIMITS
from actions.errors import DomainError
from models import db
from views.base import SecureBaseView


class RuleSettingsView(SecureBaseView):
    """A system administrator's screen; every change goes to the audit log."""

    required_role = "sysadmin"

    def _page(self, errors=None, values=None, day_errors=None, day_values=None):
        return self.render("development/rule_settings.html",
                           values=values if values is not None else rule_config.current_values(db.session),
                           thresholds=rule_config.THRESHOLDS, day_kinds=rule_config.DAY_KINDS,
                           days=rule_config.calendar(db.session), errors=errors or {},
                           day_errors=day_errors or {}, day_values=day_values or {},
                           hard_limits=HARD_LIMITS)

    @expose("/", methods=("GET", "POST"))
    def index(self):
        if request.method == "POST":
            try:
                rule_config.update(db.session, current_user, request.form)
            except DomainError as err:
                db.session.rollback()
                flash(err.message, "error")
                return self._page(errors={err.field: err.message}, values=request.form)
            flash("规则设置已保存", "success")
            return redirect(url_for(".index"))
        return self._page()

    @expose("/day", methods=("POST",))
    def add_day(self):
        try:
            rule_config.add_day(db.session, current_user, request.form.get("day"),
                                request.form.get("kind"), request.form.get("note"))
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "error")
            return self._page(day_errors={err.field: err.message}, day_values=request.form)
        flash("已添加节假日调整", "success")
        return redirect(url_for(".index") + "#calendar")

    @expose("/day/<int:day_id>/delete", methods=("POST",))
    def delete_day(self, day_id):
        try:
            rule_config.remove_day(db.session, current_user, day_id)
            flash("已删除节假日调整", "success")
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "error")
        return redirect(url_for(".index") + "#calendar")
