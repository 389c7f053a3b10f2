"""Exports of the admin lists: current filters and scope, Chinese headers and codes, audited."""
from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from models import AuditLog
from tests import factories as f


def sheet_rows(resp) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(resp.data)).active.iter_rows(values_only=True))


def test_member_csv_export_follows_the_filter_and_scope_and_is_streamed(ctx, city, login):
    f.make_person(ctx, city.branch_a1a, "张男")
    f.make_person(ctx, city.branch_a1a, "李女", male=False)
    f.make_person(ctx, city.branch_b1, "周远方", male=False)
    client = login("district_admin")

    resp = client.get("/admin/direct_member/export/csv/?flt1_1=2")  # filter 1 is 性别

    text = resp.get_data(as_text=True)
    assert resp.was_streamed and text.startswith("\ufeff姓名,性别,身份证号码")
    assert "李女,女," in text and "张男" not in text and "周远方" not in text
    log = ctx.execute(select(AuditLog).where(AuditLog.action == "export")).scalar_one()
    assert log.summary == "导出直管党员（CSV）" and log.username == "district_admin"


def test_member_xlsx_export_translates_codes_and_names_the_organisation(ctx, city, login):
    f.make_person(ctx, city.branch_a1a, "张男", education="21")

    rows = sheet_rows(login("branch_admin").get("/admin/direct_member/export/xlsx/"))

    header = rows[0]
    line = dict(zip(header, rows[1]))
    assert line["姓名"] == "张男" and line["性别"] == "男" and line["学历"] == "大学本科"
    assert line["民族"] == "汉族" and line["所在党组织"] == "中共甲区第一医院内科支部委员会"


def test_organisation_export_names_the_parent_organisation(ctx, city, login):
    rows = sheet_rows(login("committee_admin").get("/admin/organization/export/xlsx/"))

    by_name = {dict(zip(rows[0], r))["组织全称"]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert by_name["中共甲区第一医院内科支部委员会"]["上级组织"] == "中共甲区第一医院委员会"
    assert by_name["中共甲区第一医院内科支部委员会"]["组织类别"] == "党支部"
    assert by_name["中共甲区第一医院内科支部委员会"]["新增党员需上级审批"] == "是"
    assert "中共乙区实验中学支部委员会" not in by_name


def test_audit_log_exports_show_times_in_local_time_to_the_second_and_tables_in_chinese(
        ctx, city, login):
    from datetime import datetime

    from actions import clock

    f.make_person(ctx, city.branch_a1a, "张男")
    client = login("district_admin")
    log = ctx.execute(select(AuditLog).where(AuditLog.object_type == "person")).scalars().first()
    at = log.at  # stored in UTC, with microseconds

    rows = sheet_rows(client.get("/admin/audit/export/xlsx/"))
    text = client.get("/admin/audit/export/csv/").get_data(as_text=True)

    line = next(dict(zip(rows[0], r)) for r in rows[1:] if "张男" in str(r))
    local = clock.local(at).replace(tzinfo=None, microsecond=0)
    assert line["时间（北京时间）"] == local and isinstance(line["时间（北京时间）"], datetime)
    assert line["对象类型"] == "人员" and "person" not in text
    assert clock.format_time(at) in text and f".{at.microsecond:06d}" not in text


def test_submission_exports_name_the_kind_of_submission_in_chinese(ctx, city, login):
    from actions.development.catalogue import SUBMISSIONS
    from models import DevSubmission

    f.build_in(ctx, DevSubmission, city.branch_a1a, kind="approval")

    text = login("district_admin").get("/admin/dev_submission/export/csv/").get_data(as_text=True)

    assert SUBMISSIONS["approval"].label in text and "approval" not in text
