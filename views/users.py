"""User management: administrators manage the users of their subtree."""
from __future__ import annotations

from flask import flash
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from wtforms import PasswordField, SelectField
from wtforms.validators import InputRequired, Optional

from actions import users
from actions.errors import DomainError
from models import Organization, User, db
from models.codes import ROLE, ROLE_RANK

from views.base import SecureModelView
from views.forms import ajax_select, flag, text


def _role_choices():
    rank = current_user.rank if current_user and current_user.is_authenticated else -1
    return [(k, v) for k, v in ROLE.items() if ROLE_RANK[k] <= rank]


class UserView(SecureModelView):
    required_role = "admin"
    allow_create = True
    allow_edit = True
    create_role = edit_role = "admin"
    action_roles = {"unlock": "admin"}

    column_list = ["username", "full_name", "org", "role", "active", "last_login_at", "locked_until"]
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
        done = 0
        for user in self.query_for_ids(ids).all():
            try:
                users.unlock(db.session, current_user, user)
                done += 1
            except DomainError as err:
                db.session.rollback()
                flash(f"{user.username}：{err.message}", "error")
        flash(f"已处理 {done} 条", "success")
