"""On a phone: activate a code, submit a letter; the branch returns it; revise and resubmit."""
from __future__ import annotations

from datetime import date

import pytest

from tests import factories as f

pytestmark = pytest.mark.browser


def test_activation_letter_review_and_revision(browser, live_server, ctx, city, page,
                                               browser_login):
    browser_login("branch_admin")
    page.goto("/admin/activation_code/")
    page.click("#generate-code")
    page.fill("#note", "手机申请人")
    page.click("#do-generate")
    code = page.locator("#issued-code").inner_text().strip()
    page.screenshot(path="tests/artifacts/portal_code_issued.png")

    phone = browser.new_context(base_url=live_server, locale="zh-CN",
                                viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True)
    mobile = phone.new_page()
    mobile.set_default_timeout(15000)
    try:
        mobile.goto("/portal/login")
        mobile.click("#to-activate")
        mobile.fill("#code", code.lower().replace("-", " "))
        mobile.fill("#id_number", f.id_number(date(1998, 6, 1)))
        mobile.fill("#name", "手机申请人")
        mobile.fill("#phone", "13900000000")
        mobile.fill("#password", "abc12345")
        mobile.fill("#repeat", "abc12345")
        mobile.screenshot(path="tests/artifacts/portal_activate.png", full_page=True)
        mobile.click("#do-activate")
        mobile.click("a.new-doc[data-kind=application]")
        mobile.fill("#content", "我志愿加入中国共产党（初稿）")
        mobile.click("#do-submit")
        mobile.wait_for_selector(".doc[data-status=submitted]")
        # Nothing wider than the phone's screen: no sideways scrolling.
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390

        page.goto("/admin/dev_applicant/")
        page.click("text=手机申请人")
        letter = page.locator(".dev-record[data-kind=application]")
        assert "门户提交" in letter.inner_text() and "初稿" in letter.inner_text()
        letter.locator("input[name=reason]").fill("请补充入党动机")
        letter.locator("button[value=return]").click()
        page.wait_for_selector(".dev-record[data-kind=application] >> text=已退回")

        mobile.reload()
        assert "请补充入党动机" in mobile.locator(".doc-reason").inner_text()
        mobile.click("a.revise")
        mobile.fill("#content", "我志愿加入中国共产党，入党动机是……")
        mobile.click("#do-submit")
        mobile.wait_for_selector(".doc[data-status=submitted]")
        mobile.screenshot(path="tests/artifacts/portal_phone.png", full_page=True)

        page.reload()
        assert "入党动机是" in page.locator(".dev-record[data-kind=application]").inner_text()
        page.locator(".dev-record[data-kind=application] button[value=approve]").click()
        page.wait_for_selector(".dev-record[data-kind=application] >> text=审核通过")
        mobile.reload()
        assert mobile.locator(".doc[data-status=approved]").count() == 1
    finally:
        phone.close()
