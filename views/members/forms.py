"""Forms of the member pages: approvals, ID number and status changes, flows, transfers."""
from __future__ import annotations

from datetime import date

from werkzeug.datastructures import FileStorage
from wtforms import (
    DateField,
    FileField,
    HiddenField,
    IntegerField,
    StringField,
    ValidationError,
)
from wtforms.validators import Optional

from views.forms import IdListField, ProjectForm


class VersionForm(ProjectForm):
    """A decision on a row that carries the version the user saw (a lost race then fails)."""

    version = IntegerField(validators=[Optional()])


def _date(label: str) -> DateField:
    """A date whose absence the action reports (in its own words, at the field)."""
    return DateField(label, validators=[Optional()], format="%Y-%m-%d")


def _text(label: str) -> StringField:
    return StringField(label)


class ApproveForm(VersionForm):
    note = _text("审批意见（可选）")


class RejectForm(VersionForm):
    reason = _text("退回原因")


class ChangeIdForm(ProjectForm):
    new_number = _text("新身份证号码")
    changed_on = _date("更改日期")
    reason = _text("更改原因")


class StatusChangeForm(ProjectForm):
    kind = _text("变动类型")
    changed_on = _date("日期")
    reason = _text("原因")


class FlowOutForm(ProjectForm):
    out_on = _date("流出日期")
    place = _text("流入地")
    dest_org = _text("流入党组织（系统内：代码或全称）")
    dest_unit = _text("流入单位（系统外）")
    reason = _text("流动原因")
    contact = _text("联系方式")
    expected_return_on = _date("预计返回日期")


class FlowIdForm(ProjectForm):
    flow_id = IntegerField(validators=[Optional()])


class FlowReturnForm(FlowIdForm):
    returned_on = _date("返回日期")


class ContactForm(ProjectForm):
    phone = _text("联系电话")
    address = _text("家庭住址")


class FlowInfoForm(FlowIdForm):
    place = _text("流入地")
    contact = _text("流入地联系方式")
    expected_return_on = _date("预计返回日期")


def _month(form, field) -> None:
    text = (field.data or "").strip()
    if text:
        try:
            field.month = date.fromisoformat(text + "-01")
        except ValueError:
            raise ValidationError("党费交至应为年月（如 2026-06）") from None


class TransferOutForm(ProjectForm):
    direction = StringField()
    to = IntegerField(validators=[Optional()])
    to_org_name = _text("转入党组织名称（市外）")
    issued_on = _date("转出日期")
    valid_days = IntegerField("有效期（天）", validators=[Optional()])
    dues_paid_until = StringField("党费交至（年月）", validators=[_month])
    member_phone = _text("党员联系电话")
    issuer_address = _text("党委地址")
    issuer_phone = _text("党委电话")
    issuer_fax = _text("传真")
    issuer_postcode = _text("邮编")

    def dues_month(self) -> date | None:
        return getattr(self.dues_paid_until, "month", None)


class AcceptTransferForm(VersionForm):
    expired_note = _text("介绍信已过期，请填写情况说明")


class RejectTransferForm(VersionForm):
    reason = _text("拒绝原因")


def _receipt_day(form, field) -> None:
    text = (field.data or "").strip()
    field.day = None
    if text:
        try:
            field.day = date.fromisoformat(text)
        except ValueError:
            raise ValidationError("回执返回日期格式不正确（如 2026-11-20）") from None


class ReceiptForm(ProjectForm):
    id = IdListField()
    url = StringField()
    receipt_returned_on = StringField("回执返回日期", validators=[_receipt_day])
    replace = HiddenField()


class ImportFileForm(ProjectForm):
    """第二步 of 批量导入党员: the filled template (read with the upload's size capped)."""

    MAX_BYTES = 10 * 1024 * 1024

    file = FileField("第二步：选择填好的文件（.xlsx 或 .csv）")

    def validate_file(self, field) -> None:
        upload = field.data
        if not isinstance(upload, FileStorage) or not upload.filename:
            raise ValidationError("请选择要导入的文件")
        field.content = upload.read(self.MAX_BYTES + 1)
        if len(field.content) > self.MAX_BYTES:
            raise ValidationError("文件不能超过10MB")


class ImportCommitForm(ProjectForm):
    token = StringField()
