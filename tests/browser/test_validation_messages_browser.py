"""The browser's own validation messages are Chinese (setCustomValidity from validity.js)."""
import pytest

pytestmark = pytest.mark.browser

CHECK = "el => { el.checkValidity(); return el.validationMessage; }"


def test_empty_required_field_gets_a_chinese_browser_message(ctx, city, page, browser_login):
    browser_login("branch_admin")
    page.goto("/admin/user/new/")

    message = page.eval_on_selector("#username", CHECK)

    assert message.startswith("请填写"), message
    assert "fill out" not in message


def test_typing_clears_the_message_so_the_field_is_checked_afresh(ctx, city, page,
                                                                  browser_login):
    browser_login("branch_admin")
    page.goto("/admin/user/new/")
    page.eval_on_selector("#username", CHECK)
    page.fill("#username", "someone")

    assert page.eval_on_selector("#username", "el => el.validationMessage") == ""


def test_a_hidden_character_typed_into_a_field_is_refused_there_before_sending(
        ctx, city, page, browser_login):
    browser_login("branch_admin")
    page.goto("/admin/user/new/")
    page.fill("#username", "some\u202eone")

    message = page.eval_on_selector("#username", "el => el.validationMessage")
    valid = page.eval_on_selector("#username", "el => el.checkValidity()")

    assert "不可见字符" in message and valid is False
    page.fill("#username", "someone")
    assert page.eval_on_selector("#username", "el => el.validationMessage") == ""
