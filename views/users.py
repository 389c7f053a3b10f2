"""User management: administrators manage the users of their subtree."""
from __future__ import annotations

from flask import flash
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from wtforms import PasswordField, SelectField
from wtforms.validators import InputRequired, Optional

from actions import users
from actions.security.duties import SECURITY_ADMIN, may_grant
from models import Organization, User, db
from models.codes import ROLE
from views.base import SecureModelView
from views.forms import ajax_select, flag, text
from views.helpers import run_each


def _role_choices():
    if not (current_user and current_user.is_authenticated):
        return []
    return [(k, v) for k, v in ROLE.items() if may_grant(current_user, k)]


class UserView(SecureModelView):
    required_role = "admin"
    duty_roles = duty_write_roles = (SECURITY_ADMIN,)
    allow_create = True
    allow_edit = True
    create_role = edit_role = "admin"
    action_roles = {"unlock": "admin"}

    column_list = ["username", "full_name", "org", "role", "active", "last_login_at", "locked_until"]
    column_sortable_list = ["username"]
    column_details_list = ["username", "full_name", "org", "role", "active", "failed_logins",
                           "locked_until", "last_login_at", "created_at"]
    column_export_list = ["username", "full_name", "org", "role", "active", "last_login_at"]
    column_codes = {"role": ROLE}
    column_searchable_list = ["username", "full_name"]
    column_filters = [FilterEqual(User.role, "角色", options=list(ROLE.items()))]
    form_ajax_refs = {
        "org": {"fields": ["name", "code"], "page_size": 20,
                "where": lambda: Organization.status == "active"},
    }

    def get_create_form(self):
        loader = self._form_ajax_refs["org"]

        class CreateForm(self.form_base_class):
            username = text("用户名", 50, need=True)
            full_name = text("姓名", 50)
            org = ajax_select(loader, "所属党组织")
            role = SelectField("角色", choices=list(ROLE.items()))
            password = PasswordField("初始密码", validators=[InputRequired("请输入初始密码")],
                                     description="至少8位，须同时包含字母和数字")

        return CreateForm

    def get_edit_form(self):
        loader = self._form_ajax_refs["org"]

        class EditForm(self.form_base_class):
            full_name = text("姓名", 50)
            org = ajax_select(loader, "所属党组织")
            role = SelectField("角色", choices=list(ROLE.items()))
            active = flag("启用")
            password = PasswordField("重设密码", validators=[Optional()],
                                     description="留空则不修改")

        return EditForm

    def _narrow_roles(self, form):
        form.role.choices = _role_choices()
        return form

    def create_form(self, obj=None):
        return self._narrow_roles(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._narrow_roles(super().edit_form(obj))

    def create_record(self, form):
        org = form.org.data
        return users.create_user(db.session, current_user, form.username.data, form.password.data,
                                 org.id if org else None, form.role.data, form.full_name.data)

    def update_record(self, form, obj):
        org = form.org.data
        users.update_user(db.session, current_user, obj, org.id if org else None, form.role.data,
                          form.active.data, form.full_name.data)
        if form.password.data:
            users.set_password(db.session, current_user, obj, form.password.data)
        return obj

    @action("unlock", "解除锁定", "确定解除所选用户的登录锁定？")
    def action_unlock(self, ids):
        done = run_each(self.query_for_ids(ids).all(),
                        lambda user: users.unlock(db.session, current_user, user),
                        lambda user: user.username)
        flash(f"已处理 {done} 条", "success")
