"""Stage lists, the development page's lights, the member-page tab and the printables."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests import factories as f
from views.members.tabs import TABS, tabs_for

from tests.web.dev_flow import As, m, ready_applicant


@pytest.fixture
def branch(login, city):
    return As(login, "branch_admin")


@pytest.mark.parametrize("endpoint, stage", [("dev_applicant", "applicant"),
                                              ("dev_activist", "activist"),
                                              ("dev_target", "target"),
                                              ("dev_probationary", "probationary")])
def test_each_stage_list_shows_only_its_stage_with_a_link_to_the_file(ctx, city, branch,
                                                                      endpoint, stage):
    people = {s: f.make_person(ctx, city.branch_a1a, name=f"阶段{s}", stage=s)
              for s in ("applicant", "activist", "target", "probationary", "full")}

    html = branch.get(f"/admin/{endpoint}/").get_data(as_text=True)

    shown = set(re.findall(r"阶段(\w+)</a>", html))
    assert shown == {stage}
    assert f"/admin/development/person/{people[stage].id}" in html


def test_applicant_registration_refuses_a_duplicate_id_number(ctx, city, branch):
    existing = f.make_person(ctx, city.branch_a1a, name="已登记", stage="full")

    resp = branch.post("/admin/dev_applicant/new/", data={
        "id_number": existing.id_number, "org": str(city.branch_a1a.id), "name": "重复",
        "ethnicity": "01"})

    assert "该身份证号码已登记" in resp.get_data(as_text=True)


def test_a_broken_rule_lights_its_step_red_with_message_and_article(ctx, city, branch):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a, birth=m(-12 * 18 + 2))

    html = branch.get(f"/admin/development/person/{p.id}").get_data(as_text=True)

    lights = dict(re.findall(r'data-step="(\d+)" data-light="(\w+)"', html))
    assert (lights["1"], lights["2"], lights["3"], lights["7"]) == ("red", "green", "green", "grey")
    assert "申请时未满18周岁" in html and "第五条" in html
    assert 'data-kind="activist_filing" data-warnings="1"' in html


def test_rule_set_version_is_a_setting(ctx, app, city, branch):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    app.config["DEVELOPMENT_RULES"] = {"version": "2026"}
    try:
        html = branch.get(f"/admin/development/person/{p.id}").get_data(as_text=True)
    finally:
        app.config.pop("DEVELOPMENT_RULES")

    assert "2026年版" in html


def test_development_tab_is_registered_for_the_member_page(ctx, city, app):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    full = f.make_person(ctx, city.branch_a1a, name="老党员", stage="full")
    tab = next(t for t in TABS if t.key == "development")

    with app.test_request_context():
        from flask_login import login_user

        login_user(city.branch_admin)
        html = str(tab.render(p))

    assert tab.label == "发展档案"
    assert 'data-step="1"' in html and "+ 谈话记录" not in html  # read only inside the tab
    assert "development" in [t.key for t in tabs_for(p)]
    assert "development" not in [t.key for t in tabs_for(full)]


def test_register_form_prints_as_html_and_pdf_with_an_embedded_cjk_font(ctx, city, branch,
                                                                        tmp_path):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a, name="打印测试")

    html = branch.get(f"/admin/development/person/{p.id}/print/register").get_data(as_text=True)
    pdf = branch.get(f"/admin/development/person/{p.id}/print/register?format=pdf")

    assert "入党积极分子考察登记表" in html and "打印测试" in html
    assert pdf.headers["Content-Type"] == "application/pdf"
    from pypdf import PdfReader
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "入党积极分子考察登记表" in text and "打印测试" in text
    if shutil.which("pdffonts"):
        target = tmp_path / "register.pdf"
        target.write_bytes(pdf.data)
        fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
        assert re.search(r"CJK.*\byes\b", fonts), fonts


def test_whole_record_prints_every_stage_and_the_decisions(ctx, city, branch):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a, name="全程记实")

    html = branch.get(f"/admin/development/person/{p.id}/print/record").get_data(as_text=True)
    pdf = branch.get(f"/admin/development/person/{p.id}/print/record?format=pdf")

    assert html.count("<h2>第") == 5 and "25. 材料归档" in html
    from pypdf import PdfReader
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "发展党员全程记实" in text and "全程记实" in text and "递交入党申请书" in text


def test_sibling_branch_cannot_print_the_file(ctx, city, login):
    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)

    resp = As(login, "sibling_admin").get(f"/admin/development/person/{p.id}/print/record")

    assert resp.status_code == 404


def test_every_record_form_and_the_applicant_form_open(ctx, city, branch):
    from actions.development.catalogue import KINDS

    p = f.make_person(ctx, city.branch_a1a, name="表单", stage="full")
    f.make_person(ctx, city.branch_a1a, name="可选党员", stage="full")

    statuses = {kind: branch.get(f"/admin/development/person/{p.id}/record/{kind}").status_code
                for kind in KINDS}
    new_form = branch.get("/admin/dev_applicant/new/").get_data(as_text=True)
    contact_form = branch.get(f"/admin/development/person/{p.id}/record/contact")

    assert set(statuses.values()) == {200}
    assert "身份证号码" in new_form and "递交入党申请书日期" in new_form
    assert "可选党员" in contact_form.get_data(as_text=True)


def test_rule_settings_can_come_from_a_file_in_the_instance_folder(ctx, app, city, branch):
    import json
    import os

    p = ready_applicant(ctx, city.branch_admin, city.branch_a1a)
    path = os.path.join(app.instance_path, "development_rules.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"version": "2026", "notice_working_days": 7, "holidays": ["2026-10-01"]}, fh)
    try:
        html = branch.get(f"/admin/development/person/{p.id}").get_data(as_text=True)
    finally:
        os.remove(path)

    assert "2026年版" in html
