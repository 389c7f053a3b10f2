"""An operator fills an activity once, lists who lacks it, adds it to all, and sees the added list."""
import pytest

from models import Activity
from tests import factories as f

pytestmark = pytest.mark.browser


def test_operator_batch_adds_an_activity_and_sees_the_added_list(ctx, city, page, browser_login):
    for i in range(3):
        f.make_person(ctx, city.branch_a1a, f"批量{i}")
    f.make_person(ctx, city.branch_a1b, "兄弟支部")
    browser_login("branch_operator")

    page.goto("/admin/batch/?kind=activity")
    page.fill("#title", "七一主题党日")
    page.fill("#held_on", "2024-07-01")
    page.click("#btn-pending")
    page.wait_for_selector("#batch-result[data-mode=pending]")
    pending = page.locator("#batch-result").inner_text()
    page.check("#check-page")
    page.click("#write-all")
    page.wait_for_selector("#confirm-total")
    confirm_total = page.locator("#confirm-total").inner_text()
    page.click("#confirm-yes")
    page.wait_for_selector("#batch-result[data-mode=added]")
    added = page.locator("#batch-result").inner_text()

    assert "尚未添加" in pending and "批量0" in pending and "兄弟支部" not in pending
    assert confirm_total == "3"
    assert "已添加" in added and all(f"批量{i}" in added for i in range(3))
    assert "已为 3 名党员添加活动记录" in page.locator("body").inner_text()
    ctx.expire_all()
    assert ctx.query(Activity).count() == 3
    page.screenshot(path="tests/artifacts/batch_added.png", full_page=True)
