"""A person logs in, opens the organisation tree and the member list, all in Chinese."""
import pytest

from tests import factories as f

pytestmark = pytest.mark.browser


def test_user_logs_in_and_browses_tree_and_member_list(ctx, city, page, browser_login):
    f.make_person(ctx, city.branch_a1a, name="李四")
    f.make_person(ctx, city.branch_a1b, name="王五")
    f.make_person(ctx, city.branch_b1, name="赵六")

    browser_login("district_admin")
    assert "首页" in page.title() or "党建工作平台" in page.title()
    assert page.locator(".stat-card[data-stage=full] .h3").inner_text() == "2"

    page.goto("/admin/orgtree/")
    page.click("#org-children >> text=中共甲区第一医院委员会")
    rows = page.locator("#org-children tbody tr")
    assert rows.count() == 2
    assert "中共甲区第一医院内科支部委员会" in rows.nth(0).inner_text()

    page.goto("/admin/direct_member/")
    body = page.locator("body").inner_text()
    assert "李四" in body and "王五" in body and "赵六" not in body
    page.fill("input[name=search]", "ls")
    page.keyboard.press("Enter")
    page.wait_for_url("**search=ls**")
    body = page.locator("table.model-list").inner_text()
    assert "李四" in body and "王五" not in body
    page.screenshot(path="tests/artifacts/member_list.png", full_page=True)
