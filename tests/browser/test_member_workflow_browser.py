"""Enter a member needing approval, approve, transfer 市内, accept, and download the letter PDF."""
import subprocess

import pytest
from pypdf import PdfReader

from models import Person
from tests import factories as f

pytestmark = pytest.mark.browser


def switch_user(page, browser_login, username):
    page.context.clear_cookies()
    browser_login(username)


def test_member_entered_approved_transferred_and_accepted_with_a_letter_pdf(
        ctx, city, page, browser_login, tmp_path):
    number = f.id_number(male=False)

    browser_login("branch_admin")
    page.goto("/admin/direct_member/new/")
    page.fill("#id_number", number)
    page.click("text=下一步")
    assert "1980-05-17" in page.inner_text("#derived") and "女" in page.inner_text("#derived")
    assert page.inner_text("#entry-submit") == "送审"
    page.fill("#name", "林晓")
    page.select_option("#stage", "full")
    page.fill("#joined_on", "2012-07-01")
    page.click("#entry-submit")
    page.wait_for_load_state()
    assert "已送审" in page.inner_text("body")

    switch_user(page, browser_login, "committee_admin")
    page.goto("/admin/pending_member/")
    page.click("text=林晓")
    page.click("#approve")
    page.wait_for_load_state()
    assert "已审批通过" in page.inner_text("body")
    assert page.inner_text("#person-status") == "正常"

    page.click("#transfer-out")
    page.fill("input[name=q]", "实验中学")
    page.press("input[name=q]", "Enter")
    page.click(f"a.pick-org[data-code='{city.branch_b1.code}']")
    assert page.inner_text("#chosen-org") == city.branch_b1.name
    page.click("#issue")
    page.wait_for_load_state()
    assert "是否打印介绍信" in page.inner_text("body")
    person = ctx.query(Person).filter_by(id_number=number).one()
    assert person.org_id == city.branch_a1a.id

    switch_user(page, browser_login, "district_b_admin")
    page.goto("/admin/transfer_in/")
    page.click("text=查看并接收/拒绝")
    page.click("#accept")
    page.wait_for_load_state()
    assert page.inner_text("#transfer-status") == "已接收"
    ctx.expire_all()
    ctx.rollback()
    assert ctx.get(Person, person.id).org_id == city.branch_b1.id

    page.click("text=查看介绍信")
    with page.expect_download() as info:
        page.click("#letter-pdf")
    path = tmp_path / "letter.pdf"
    info.value.save_as(path)
    text = PdfReader(str(path)).pages[0].extract_text().replace(" ", "")
    assert "林晓" in text and number in text and city.branch_b1.name in text and "回执" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert any("CJK" in line and " yes " in line for line in fonts.splitlines()), fonts
