"""信息查询 screen: constraints shown in Chinese, links to the person, scoped card, exports."""
from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from models import AuditLog
from tests import factories as f


def seed(ctx, city):
    return (f.make_person(ctx, city.branch_a1a, "张三"),
            f.make_person(ctx, city.branch_a1a, "钱积极", stage="activist"),
            f.make_person(ctx, city.branch_b1, "周远方"))


def test_query_without_condition_asks_for_one(ctx, city, login):
    seed(ctx, city)
    html = login("committee_admin").get("/admin/person_query/?action=query&mode=all").get_data(
        as_text=True)

    assert "请至少选择一个查询条件" in html and 'id="query-results"' not in html


def test_jurisdiction_mode_with_an_organisation_is_refused(ctx, city, login):
    seed(ctx, city)
    url = f"/admin/person_query/?action=all&mode=all&org_code={city.branch_a1a.code}"

    html = login("committee_admin").get(url).get_data(as_text=True)

    assert "辖区查询时不能选择所在党组织" in html


def test_results_link_to_the_member_page_or_the_person_card(ctx, city, login):
    zhang, activist, _far = seed(ctx, city)
    client = login("committee_admin")

    members = client.get("/admin/person_query/?action=all&mode=all").get_data(as_text=True)
    others = client.get("/admin/person_query/?action=all&mode=all&object=activist").get_data(
        as_text=True)
    card = client.get(f"/admin/person_query/person/{activist.id}/").get_data(as_text=True)

    assert f"/admin/direct_member/details/?id={zhang.id}" in members and "周远方" not in members
    assert f"/admin/person_query/person/{activist.id}/" in others
    assert "钱积极" in card and "入党积极分子" in card


def test_person_card_outside_the_scope_is_not_found(ctx, city, login):
    _z, _a, far = seed(ctx, city)

    assert login("committee_admin").get(f"/admin/person_query/person/{far.id}/").status_code == 404


def test_csv_export_is_streamed_scoped_translated_and_audited(ctx, city, login):
    seed(ctx, city)
    client = login("committee_admin")

    resp = client.get("/admin/person_query/export/csv/?action=all&mode=all")

    text = resp.get_data(as_text=True)
    assert resp.was_streamed and text.startswith("\ufeff姓名,性别,身份证号码")
    assert "张三" in text and "男" in text and "周远方" not in text and "钱积极" not in text
    log = ctx.execute(select(AuditLog).where(AuditLog.action == "export")).scalar_one()
    assert log.summary == "导出信息查询结果（CSV）" and log.username == "committee_admin"


def test_xlsx_export_opens_with_the_same_rows(ctx, city, login):
    seed(ctx, city)

    resp = login("committee_admin").get("/admin/person_query/export/xlsx/?action=query&mode=all"
                                        "&t_name=张")

    sheet = openpyxl.load_workbook(io.BytesIO(resp.data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("姓名", "性别", "身份证号码") and len(values) == 2
    assert values[1][0] == "张三" and "中共甲区第一医院内科支部委员会" in values[1]


def test_export_without_condition_is_refused(ctx, city, login):
    seed(ctx, city)

    resp = login("committee_admin").get("/admin/person_query/export/csv/?action=query&mode=all",
                                        follow_redirects=True)

    assert "请至少选择一个查询条件" in resp.get_data(as_text=True)
