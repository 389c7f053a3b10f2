"""Member import: template, a dry run naming every bad row in Chinese, all-or-nothing commit."""
from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
import xlsxwriter
from flask import g
from sqlalchemy import func, select

from actions.errors import PermissionDenied, RuleViolation
from actions.members import importing as imp
from models import AuditLog, Person
from tests import factories as f


def row(org, number=None, **over):
    values = {"身份证号码": number or f.id_number(), "姓名": "李四", "所在党组织代码": org.code,
              "人员阶段": "正式党员", "入党日期": "2015-07-01", "民族": "汉族", "学历": "大学本科"}
    values.update(over)
    return values


def count(ctx) -> int:
    return ctx.execute(select(func.count()).select_from(Person)).scalar_one()


def test_good_rows_pass_the_dry_run_and_write_nothing(ctx, city):
    rows = [row(city.branch_a1b), row(city.branch_a1b, 人员阶段="probationary")]

    report = imp.run_import(ctx, city.committee_admin, rows, commit=False)

    assert report.ok and len(report.good) == 2 and report.errors == []
    assert count(ctx) == 0


@pytest.mark.parametrize("over, reason", [
    ({"身份证号码": "110105194912310021"}, "身份证号码校验位错误"),
    ({"身份证号码": "12345"}, "身份证号码应为18位"),
    ({"姓名": ""}, "缺少必填项：姓名"),
    ({"所在党组织代码": "", "人员阶段": ""}, "缺少必填项：所在党组织代码、人员阶段"),
    ({"所在党组织代码": "999999"}, "党组织代码“999999”不存在"),
    ({"民族": "火星族"}, "民族“火星族”无效"),
    ({"人员阶段": "入党积极分子"}, "人员阶段“入党积极分子”无效"),
    ({"入党日期": "2015年7月"}, "入党日期“2015年7月”格式不正确"),
    ({"入党日期": ""}, "党员须填写入党日期"),
    ({"转正日期": "2010-01-01"}, "转正日期不能早于入党日期"),
])
def test_each_bad_row_is_reported_with_a_chinese_reason(ctx, city, over, reason):
    rows = [row(city.branch_a1b), row(city.branch_a1b, **over)]

    report = imp.run_import(ctx, city.committee_admin, rows, commit=False)

    assert [(line, reason in text) for line, _n, _name, text in report.errors] == [(3, True)]
    assert len(report.good) == 1


def test_duplicates_in_the_file_and_in_the_database_are_reported(ctx, city):
    known = f.make_person(ctx, city.branch_a1b, "王五").id_number
    twice = f.id_number()
    rows = [row(city.branch_a1b, twice), row(city.branch_a1b, twice), row(city.branch_a1b, known)]

    report = imp.run_import(ctx, city.committee_admin, rows, commit=False)

    assert [(line, text) for line, _n, _name, text in report.errors] == [
        (3, "与第2行身份证号码重复"), (4, "该身份证号码已登记，不能重复导入")]


def test_organisation_outside_the_scope_or_dissolved_is_refused(ctx, city):
    city.branch_a1b.status = "dissolved"
    ctx.commit()
    rows = [row(city.branch_b1), row(city.branch_a1b)]

    report = imp.run_import(ctx, city.committee_admin, rows, commit=False)

    assert [text for _l, _n, _name, text in report.errors] == [
        "党组织“中共乙区实验中学支部委员会”不在本组织管辖范围内",
        "党组织“中共甲区第一医院外科支部委员会”已撤销"]


def test_one_bad_row_means_nothing_is_imported(ctx, city):
    rows = [row(city.branch_a1b), row(city.branch_a1b, 姓名="")]

    with pytest.raises(RuleViolation) as err:
        imp.run_import(ctx, city.committee_admin, rows, commit=True)

    assert "未导入任何数据" in err.value.message
    assert count(ctx) == 0


def test_commit_imports_every_row_with_the_entry_rules_and_is_audited(ctx, city):
    g.audit_actor = city.committee_admin  # what the web request or CLI command sets
    rows = [row(city.branch_a1b, 姓名="李四"), row(city.branch_a1a, 姓名="赵六", 学历="21")]

    imp.run_import(ctx, city.committee_admin, rows, commit=True)

    people = {p.name: p for p in ctx.execute(select(Person)).scalars()}
    assert people["李四"].status == "normal" and people["李四"].education == "21"
    assert people["赵六"].status == "pending"  # A1a requires the parent's approval
    assert people["李四"].name_initials == "ls" and people["李四"].joined_on == date(2015, 7, 1)
    log = ctx.execute(select(AuditLog).where(AuditLog.action == "import")).scalar_one()
    assert log.summary == "批量导入人员2人" and log.username == "committee_admin"


def test_viewer_cannot_import(ctx, city):
    with pytest.raises(PermissionDenied):
        imp.run_import(ctx, city.branch_viewer, [row(city.branch_a1a)], commit=False)


def test_xlsx_with_real_dates_and_numbers_is_read(ctx, city):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["身份证号码", "姓名", "所在党组织代码", "人员阶段", "入党日期"])
    ws.write_row(1, 0, [f.id_number(), "李四", city.branch_a1b.code, "正式党员"])
    ws.write_datetime(1, 4, datetime(2015, 7, 1), book.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_row(2, 0, ["", "", "", ""])  # blank lines are skipped
    book.close()

    rows = imp.read_table("党员.xlsx", buf.getvalue())

    assert len(rows) == 1 and rows[0]["入党日期"] == "2015-07-01"
    assert imp.run_import(ctx, city.committee_admin, rows, commit=False).ok


def test_csv_in_gb18030_is_read():
    data = "身份证号码,姓名\r\n11010519491231002X,张三\r\n".encode("gb18030")

    assert imp.read_table("a.csv", data) == [{"身份证号码": "11010519491231002X", "姓名": "张三"}]


@pytest.mark.parametrize("name, data, reason", [
    ("a.txt", b"x", "请上传 .xlsx 或 .csv 文件"),
    ("a.csv", "甲,乙\n".encode(), "文件第一行须为导入模板的列标题"),
    ("a.xlsx", b"not a zip", "无法读取该Excel文件"),
])
def test_unreadable_files_are_refused(name, data, reason):
    with pytest.raises(RuleViolation) as err:
        imp.read_table(name, data)

    assert reason in err.value.message


def test_template_has_every_column_and_a_valid_example():
    sheet = openpyxl.load_workbook(io.BytesIO(imp.template_xlsx())).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))

    assert list(values[0]) == imp.headers()
    assert imp.read_table("t.csv", imp.template_csv()) == []
    assert values[1][0] == imp.EXAMPLE[0]
