"""Forms of the portal: login, activation, one's own documents, reviews and opinions.

The actions check the values (ID numbers, passwords, the rules of each document); these forms
read the fields, refuse hidden characters at them and give the Chinese length messages.
"""
from __future__ import annotations

from wtforms import FileField, PasswordField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from views.forms import ProjectForm


def _text(label: str, named: str, max_len: int, area: bool = False, **kw):
    """An optional text field shown as `label`; too long reads "`named`不能超过N个字"."""
    cls = TextAreaField if area else StringField
    return cls(label, validators=[Optional(), Length(max=max_len,
                                                      message=f"{named}不能超过{max_len}个字")],
               render_kw={"maxlength": max_len}, **kw)


class LoginForm(ProjectForm):
    # No required-field checks here: every failed login reads the same answer from the action.
    id_number = StringField("身份证号码", render_kw={"maxlength": 18, "autocomplete": "username"})
    password = PasswordField("密码", render_kw={"autocomplete": "current-password"})


class ActivateForm(ProjectForm):
    code = StringField("串码", render_kw={"maxlength": 20, "autocapitalize": "characters"})
    id_number = StringField("身份证号码", render_kw={"maxlength": 18})
    name = StringField("姓名", render_kw={"maxlength": 50})
    phone = StringField("手机号码", render_kw={"type": "tel", "maxlength": 11,
                                               "inputmode": "numeric"})
    password = PasswordField("设置密码（至少8位，含字母和数字）",
                             render_kw={"autocomplete": "new-password"})
    repeat = PasswordField("再次输入密码", render_kw={"autocomplete": "new-password"})


class DocForm(ProjectForm):
    title = _text("标题（选填）", "标题", 200)
    content = _text("正文（可直接填写，也可上传文件）", "正文", 20000, area=True)
    file = FileField("上传文件（PDF、图片或Word，选填）", validators=[Optional()],
                     render_kw={"accept": ".pdf,.jpg,.jpeg,.png,.gif,.doc,.docx"})

    def values(self) -> dict:
        return {"title": self.title.data, "content": self.content.data}

    def upload(self, limit: int):
        """(filename, bytes) of the chosen file, at most `limit` + 1 bytes read; None if none."""
        f = self.file.data
        if not f or not getattr(f, "filename", None):
            return None
        return f.filename, f.read(limit + 1)


class ReviewForm(ProjectForm):
    decision = StringField("审核结果")
    reason = _text("退回原因", "退回原因", 500)


class OpinionForm(ProjectForm):
    title = _text("标题（选填）", "标题", 200)
    content = _text("意见内容", "意见内容", 20000, area=True)
