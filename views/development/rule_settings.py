"""系统管理 → 发展党员规则设置: the revision date, the thresholds and the calendar overrides."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_admin import expose
from flask_login import current_user

from actions.development import rule_config
from actions.development.stages import HARD_LIMITS
from models import db
from views.base import SecureBaseView
from views.development import forms as F
from views.field_checks import checks_fields
from views.helpers import run_action


class RuleSettingsView(SecureBaseView):
    """A system administrator's screen; every change goes to the audit log."""

    required_role = "sysadmin"

    def _page(self, form=None, day_form=None):
        form = form or F.SettingsForm(data=rule_config.current_values(db.session))
        return self.render("development/rule_settings.html", form=form,
                           day_form=day_form or F.DayForm(),
                           day_kinds=rule_config.DAY_KINDS, days=rule_config.calendar(db.session),
                           hard_limits=HARD_LIMITS)

    @expose("/", methods=("GET", "POST"))
    @checks_fields
    def index(self):
        if request.method != "POST":
            return self._page()
        form = F.SettingsForm(request.form)
        if form.validate() and run_action(rule_config.update, db.session, current_user,
                                          form.values(), form=form, done="规则设置已保存")[0]:
            return redirect(url_for(".index"))
        return self._page(form=form)

    @expose("/day", methods=("POST",))
    @checks_fields
    def add_day(self):
        form = F.DayForm(request.form)
        if form.validate() and run_action(rule_config.add_day, db.session, current_user,
                                          form.day.data, form.kind.data, form.note.data,
                                          form=form, done="已添加节假日调整")[0]:
            return redirect(url_for(".index") + "#calendar")
        return self._page(day_form=form)

    @expose("/day/<int:day_id>/delete", methods=("POST",))
    def delete_day(self, day_id):
        run_action(rule_config.remove_day, db.session, current_user, day_id,
                   done="已删除节假日调整")
        return redirect(url_for(".index") + "#calendar")
