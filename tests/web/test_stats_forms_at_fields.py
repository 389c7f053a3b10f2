"""Saving a statistics table: a refused value is shown at its field and nothing is written."""
from __future__ import annotations

import re

from sqlalchemy import select

from actions.security.hostile import REFUSED_FIELD
from models import StatDefinition


def at_field(html: str, name: str, message: str) -> bool:
    """`message` is shown inside the form group of the control named `name`."""
    m = re.search(rf'<(input|select)\b[^>]*\bname="{name}"', html)
    return bool(m) and message in html[m.start():html.find("</div>", m.start())]


def names(ctx) -> list[str]:
    ctx.expire_all()
    return sorted(ctx.execute(select(StatDefinition.name)).scalars())


def test_a_taken_name_is_refused_at_the_name_field_and_the_choices_stay(ctx, city, login):
    client = login("committee_admin")
    client.post("/admin/stat_table/save/", data={"name": "甲表", "row": "sex"})

    resp = client.post("/admin/stat_table/save/", data={
        "name": "甲表", "subject": "person", "object": "direct", "row": "education",
        "col": "sex", "chart": "pie", "f_stage": ["full"]})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert at_field(html, "name", "本组织已有同名统计表，请换一个名称")
    assert '<option value="education" selected>' in html and '<option value="pie" selected>' in html
    assert '<option value="full" selected>' in html
    assert names(ctx) == ["甲表"]
    row = ctx.execute(select(StatDefinition)).scalar_one()
    assert row.row_dim == "sex"


def test_an_organisation_outside_the_scope_is_refused_at_its_field(ctx, city, login):
    client = login("branch_admin")

    resp = client.post("/admin/stat_table/save/", data={
        "name": "乙表", "row": "sex", "org_code": city.branch_b1.code})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and at_field(html, "org_code", "统计范围内没有该党组织")
    assert 'value="乙表"' in html
    assert names(ctx) == []


def test_a_hidden_character_in_the_name_is_refused_at_the_field(ctx, city, login):
    client = login("committee_admin")

    resp = client.post("/admin/stat_table/save/", data={"name": "甲\u200b表", "row": "sex"})

    assert resp.status_code == 200 and at_field(resp.get_data(as_text=True), "name", REFUSED_FIELD)
    assert names(ctx) == []


def test_deleting_another_organisations_table_is_refused_with_a_message(ctx, city, login):
    login("committee_admin").post("/admin/stat_table/save/", data={"name": "甲表", "row": "sex"})
    saved = ctx.execute(select(StatDefinition)).scalar_one()

    resp = login("district_b_admin").post("/admin/stat_table/delete/", data={"id": saved.id},
                                          follow_redirects=True)

    assert resp.status_code == 200 and "已删除统计表" not in resp.get_data(as_text=True)
    assert names(ctx) == ["甲表"]
