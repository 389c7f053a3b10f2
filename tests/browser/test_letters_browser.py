"""A branch clerk ticks people in 直管党员 and prints their introduction letters on one page."""
from datetime import date

import pytest

from tests import factories as f

pytestmark = pytest.mark.browser


def test_ticked_people_get_their_letters_on_one_page_and_the_one_without_is_named(
        ctx, city, page, browser_login):
    a = f.make_person(ctx, city.branch_a1a, "有信甲", birth_date=date(1981, 1, 1))
    b = f.make_person(ctx, city.branch_a1a, "有信乙", birth_date=date(1982, 1, 1))
    f.make_person(ctx, city.branch_a1a, "无信丙", birth_date=date(1983, 1, 1))
    ta, tb = f.make_transfer(ctx, a, city.branch_b1), f.make_transfer(ctx, b, None)
    browser_login("branch_admin")

    page.goto("/admin/direct_member/")
    for name in ("有信甲", "有信乙", "无信丙"):
        page.check(f"tr:has-text('{name}') input.action-checkbox")
    page.click("text=选中的")
    page.click("text=打印所选人员的介绍信")
    page.wait_for_url("**/admin/transfer_desk/letters/**")
    letters = page.locator(".letter")
    skipped = page.locator(".alert").inner_text()
    body = page.locator("body").inner_text()

    assert letters.count() == 2
    assert ta.letter_no in body and tb.letter_no in body
    assert "已跳过：无信丙" in skipped
    assert page.locator("#letters-pdf").is_visible()
    page.screenshot(path="tests/artifacts/letters_for_selected.png", full_page=True)
