"""Forms of the statistics screens: saving a table definition, deleting one.

The table's own rules (which dimensions, which organisation) are checked by the action; the form
reads every submitted field, refuses hidden characters at it and limits the name's length.
"""
from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, IntegerField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Optional

from actions.stats import dimensions as D
from views.forms import ProjectForm, text

# Every filter a table of either subject offers, as the multi-selects named f_<dimension>.
FILTERS = {f"f_{key}": dim.label for _label, dims in D.SUBJECTS.values()
           for key, dim in dims.items() if dim.filterable}


class _StatSaveForm(ProjectForm):
    name = text("统计表格名称", 100)
    subject = HiddenField("统计对象类别")
    object = StringField("查询对象")
    row = StringField("纵向统计项")
    col = StringField("横向统计项")
    org_code = StringField("统计范围（组织代码或全称）")
    chart = StringField("图表")
    run = HiddenField()

    def args(self) -> MultiDict:
        """The submitted choices as the statistics page reads them from its URL."""
        out = MultiDict()
        for field in self:
            values = field.data if isinstance(field.data, list) else [field.data]
            for value in values:
                if value not in (None, ""):
                    out.add(field.name, str(value))
        return out


StatSaveForm = type("StatSaveForm", (_StatSaveForm,), {
    # "def": the saved table the page was opened from (a hidden input of the page).
    "def": IntegerField("所打开的统计表", validators=[Optional()]),
    **{name: SelectMultipleField(label, validate_choice=False) for name, label in FILTERS.items()},
})


class DeleteForm(ProjectForm):
    id = IntegerField("统计表", validators=[InputRequired("请选择要删除的统计表")])
