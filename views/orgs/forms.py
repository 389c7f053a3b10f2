"""Forms of the organisation page: changes, leadership team, officers."""
from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Optional, Regexp

from models.codes import ELECTION_METHOD, OFFICER_ROLE
from views.forms import ProjectForm, code_select, date_field, text


class RenameForm(ProjectForm):
    name = text("新名称", 200, need=True, description="须使用党组织全称")
    changed_on = date_field("更名日期", need=True)
    reason = text("更名原因", 500, area=True)


class MoveForm(ProjectForm):
    parent = StringField("新上级党组织 *", validators=[InputRequired("请填写新上级党组织")],
                         description="输入新上级党组织的代码或全称（须在本组织管辖范围内）")
    code_suffix = StringField(
        "组织代码后3位", validators=[Optional(), Regexp(r"^\d{3}$", message="组织代码后3位须为3位数字，请重新输入")],
        description="留空则沿用原代码后3位；下级组织的代码随之重新生成，原代码保留在异动历史中",
        render_kw={"maxlength": 3, "inputmode": "numeric"})
    changed_on = date_field("变更日期", need=True)
    reason = text("变更原因", 500, area=True)


class DissolveForm(ProjectForm):
    changed_on = date_field("撤销日期", need=True)
    reason = text("撤销原因", 500, need=True, area=True)


class RestoreForm(ProjectForm):
    changed_on = date_field("恢复日期", need=True)
    reason = text("恢复原因", 500, area=True)


class TeamForm(ProjectForm):
    election_method = code_select("当选方式", ELECTION_METHOD, need=True)
    elected_on = date_field("班子当选时间", need=True)
    term_ends_on = date_field("本届届满日期",
                              description="留空则按组织类别自动计算：党委、党工委5年，党总支、党支部3年")
    previous_election_on = date_field("上次换届日期", description="留空则取上一届班子的当选时间")
    note = text("备注", 500, area=True)


class AppointForm(ProjectForm):
    role = SelectField("职务 *", choices=list(OFFICER_ROLE.items()))
    id_number = StringField("身份证号码 *", validators=[InputRequired("请输入身份证号码")],
                            render_kw={"maxlength": 18},
                            description="书记须为本组织直管党员；副书记、委员须为本组织或下级组织的党员")
    appointed_on = date_field("任职日期", need=True, description="不能早于本届班子的当选时间")


class RevokeForm(ProjectForm):
    ended_on = date_field("离任日期", need=True)
    reason = text("撤销原因", 200)
