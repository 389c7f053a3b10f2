"""信息汇总 and 统计表 screens: live numbers, saved definitions, print, exports, audit and scope."""
from __future__ import annotations

import io
import json

import openpyxl
from docx import Document
from sqlalchemy import select

from models import AuditLog, StatDefinition
from tests import factories as f


def seed(ctx, city):
    for org, male in ((city.branch_a1a, True), (city.branch_a1a, False), (city.branch_a1b, True),
                      (city.branch_b1, True)):
        f.make_person(ctx, org, "甲", male=male)


def test_summary_page_counts_people_in_scope(ctx, city, login):
    seed(ctx, city)
    client = login("committee_admin")

    html = client.get("/admin/stat_summary/?run=1&object=direct&row=sex").get_data(as_text=True)

    assert 'id="stat-table"' in html and 'id="stat-chart"' in html and "data-chart" in html
    assert '<th scope="row">男</th>' in html
    assert html.split("<tfoot>")[1].split("</tfoot>")[0].count(">3<") == 1


def test_summary_of_an_organisation_outside_the_scope_shows_an_error(ctx, city, login):
    seed(ctx, city)
    client = login("branch_admin")

    html = client.get("/admin/stat_summary/?run=1&row=sex&org_code=" + city.branch_b1.code
                      ).get_data(as_text=True)

    assert "统计范围内没有该党组织" in html and 'id="stat-table"' not in html


def test_saving_a_table_then_reloading_it_runs_the_saved_definition(ctx, city, login):
    seed(ctx, city)
    client = login("committee_admin")

    resp = client.post("/admin/stat_table/save/", data={
        "name": "性别学历表", "subject": "person", "object": "direct", "row": "sex",
        "col": "education", "chart": "pie", "f_stage": ["full"]})
    saved = ctx.execute(select(StatDefinition)).scalar_one()
    html = client.get(f"/admin/stat_table/?id={saved.id}").get_data(as_text=True)

    assert resp.status_code == 302 and f"id={saved.id}" in resp.headers["Location"]
    assert json.loads(saved.filters)["dims"] == {"stage": ["full"]}
    assert "性别学历表" in html and 'id="stat-table"' in html and '"type": "pie"' in html
    assert 'id="grand-total">3<' in html


def test_saving_without_csrf_token_is_refused(ctx, city, login):
    client = login("committee_admin")

    resp = client.post("/admin/stat_table/save/", data={"name": "表", "row": "sex"}, csrf=False)

    assert resp.status_code == 400
    assert ctx.execute(select(StatDefinition)).first() is None


def test_saving_without_a_name_shows_a_chinese_error(ctx, city, login):
    client = login("committee_admin")

    resp = client.post("/admin/stat_table/save/", data={"name": "", "row": "sex"},
                       follow_redirects=True)

    assert "请输入统计表格名称" in resp.get_data(as_text=True)
    assert ctx.execute(select(StatDefinition)).first() is None


def test_another_organisations_definition_cannot_be_run_printed_exported_or_deleted(ctx, city, login):
    seed(ctx, city)
    client = login("committee_admin")
    client.post("/admin/stat_table/save/", data={"name": "甲表", "row": "sex"})
    saved = ctx.execute(select(StatDefinition)).scalar_one()
    other = login("district_b_admin")

    pages = [other.get(f"/admin/stat_table/{p}?id={saved.id}", follow_redirects=True)
             for p in ("", "print/", "export/xlsx/", "export/docx/")]
    other.post("/admin/stat_table/delete/", data={"id": saved.id})

    assert all(p.mimetype == "text/html" and 'id="stat-table"' not in p.get_data(as_text=True)
               for p in pages)
    assert "甲表" not in other.get("/admin/stat_table/").get_data(as_text=True)
    assert ctx.execute(select(StatDefinition)).scalar_one().id == saved.id


def test_print_view_shows_the_table_and_chart(ctx, city, login):
    seed(ctx, city)
    client = login("city_admin")

    html = client.get("/admin/stat_table/print/?row=org&col=sex&object=direct"
                      ).get_data(as_text=True)

    assert "<svg" in html and "中共测试市甲区委员会" in html and "<td>4</td>" in html


def test_xlsx_and_docx_exports_open_and_are_audited(ctx, city, login):
    seed(ctx, city)
    client = login("district_admin")
    query = "?row=sex&col=stage&object=direct&name=甲区性别"

    xlsx = client.get("/admin/stat_table/export/xlsx/" + query)
    docx = client.get("/admin/stat_table/export/docx/" + query)

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    rows = [[c for c in r if c is not None] for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["甲区性别"] and rows[-1] == ["合计", 3, 3]
    table = Document(io.BytesIO(docx.data)).tables[0]
    assert [c.text for c in table.rows[-1].cells] == ["合计", "3", "3"]
    logs = ctx.execute(select(AuditLog).where(AuditLog.action == "export")).scalars().all()
    assert sorted(log.summary for log in logs) == ["导出统计表“甲区性别”（DOCX）",
                                                   "导出统计表“甲区性别”（XLSX）"]


def test_organisation_statistics_page_counts_organisations(ctx, city, login):
    seed(ctx, city)
    client = login("district_admin")

    html = client.get("/admin/stat_table/?run=1&subject=org&row=kind&col=size"
                      ).get_data(as_text=True)

    assert "党员人数规模" in html and 'id="grand-total">4<' in html


def test_a_changed_saved_table_is_saved_over_the_original(ctx, city, login):
    client = login("committee_admin")
    client.post("/admin/stat_table/save/", data={"name": "甲表", "row": "sex"})
    saved = ctx.execute(select(StatDefinition)).scalar_one()

    html = client.get(f"/admin/stat_table/?run=1&def={saved.id}&row=age&name=甲表").get_data(
        as_text=True)
    client.post(f"/admin/stat_table/save/?id={saved.id}", data={"name": "甲表", "row": "age"})

    assert "保存修改" in html and f"/admin/stat_table/save/?id={saved.id}" in html
    ctx.expire_all()
    rows = ctx.execute(select(StatDefinition)).scalars().all()
    assert [(r.id, r.row_dim) for r in rows] == [(saved.id, "age")]


def test_summary_by_organisation_links_each_organisation_to_its_own_summary(ctx, city, login):
    seed(ctx, city)
    client = login("district_admin")

    html = client.get("/admin/stat_summary/?run=1&object=direct&row=org").get_data(as_text=True)
    link = html.split('title="查看该组织的汇总"')[0].rsplit('href="', 1)[1].split('"')[0]
    inner = client.get(link.replace("&amp;", "&")).get_data(as_text=True)

    assert f"org_code={city.committee_a1.code}" in link
    assert "中共甲区第一医院内科支部委员会" in inner and "统计范围：中共甲区第一医院委员会" in inner
