"""An administrator creates an organisation, appoints its secretary, renames it and cannot dissolve it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from actions import clock
from models import Organization
from tests import factories as f

pytestmark = pytest.mark.browser


def test_admin_creates_org_appoints_secretary_renames_and_cannot_dissolve(ctx, city, page, browser_login):
    browser_login("district_admin")
    page.goto(f"/admin/orgpage/?id={city.committee_a1.id}")
    page.click("#new-child")
    page.fill("#code_suffix", "555")
    page.fill("#name", "中共甲区第一医院药剂科支部委员会")
    page.select_option("#kind", "branch")
    page.check("#requires_approval")
    page.fill("#founded_on", "2021-06-01")
    page.click("input[type=submit], button[type=submit]:has-text('保存')")
    page.wait_for_url("**/orgpage/**")
    page.click("#org-children >> text=中共甲区第一医院药剂科支部委员会")

    org = ctx.execute(select(Organization).where(Organization.code == "900001001555")).scalar_one()
    member = f.make_person(ctx, org, name="药剂书记")
    page.click("a[href='#tab-team']")
    page.click("text=录入/更换书记")
    page.fill("#f-id_number", member.id_number)
    page.fill("#f-appointed_on", clock.today().isoformat())
    page.click("#org-form button[type=submit]")
    page.click("a[href='#tab-team']")
    assert "药剂书记" in page.locator("#org-officers").inner_text()

    page.click("#org-actions >> text=更名")
    page.fill("#f-name", "中共甲区第一医院药学部支部委员会")
    page.fill("#f-changed_on", clock.today().isoformat())
    page.click("#org-form button[type=submit]")
    assert "中共甲区第一医院药学部支部委员会" in page.locator("#confirm-plan").inner_text()
    page.click("#confirm-button")
    assert page.locator("#org-name").inner_text() == "中共甲区第一医院药学部支部委员会"
    page.click("a[href='#tab-history']")
    assert "中共甲区第一医院药剂科支部委员会" in page.locator("#org-history").inner_text()

    page.click("#org-actions >> text=撤销")
    page.fill("#f-changed_on", clock.today().isoformat())
    page.fill("#f-reason", "科室合并")
    page.click("#org-form button[type=submit]")
    body = page.locator("body").inner_text()
    assert "尚有 1 名人员" in body and "请先将人员转出后再撤销" in body
    ctx.expire_all()
    assert ctx.get(Organization, org.id).status == "active"
    page.screenshot(path="tests/artifacts/org_dissolve_refused.png", full_page=True)
