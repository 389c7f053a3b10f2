"""Under a Content-Security-Policy without 'unsafe-inline' scripts, the key pages work in a real
browser and the browser refuses nothing: delete confirmations, the "with selected" actions
menu, the captcha refresh, the tree, the statistics table and batch entry."""
from __future__ import annotations

from datetime import date

import pytest

from models import Delegate, OrgRecord
from tests import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def refused(page):
    """Console messages of the browser refusing something under the page's policy."""
    found: list[str] = []

    def listen(msg):
        text = msg.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            found.append(f"{page.url}: {text}")

    page.on("console", listen)
    page.on("pageerror", lambda err: found.append(f"{page.url}: {err}"))
    return found


def test_the_watch_sees_an_inline_handler_being_refused(ctx, city, page, browser_login, refused):
    browser_login("branch_admin")
    page.evaluate("document.body.insertAdjacentHTML('beforeend',"
                  " '<button id=\"probe\" onclick=\"window.probed = 1\">试</button>')")

    page.click("#probe")
    page.wait_for_timeout(200)

    assert page.evaluate("window.probed") is None
    assert any("inline event handler" in m for m in refused), refused


def test_login_page_refreshes_its_captcha_without_inline_script(app, page, refused):
    app.config["CAPTCHA"] = True
    try:
        page.goto("/login")
        before = page.get_attribute("#captcha-img", "src")
        page.click("#captcha-img")
        page.wait_for_function("document.getElementById('captcha-img').src.indexOf('?') > 0")
        after = page.get_attribute("#captcha-img", "src")
    finally:
        app.config["CAPTCHA"] = False

    assert before != after and after.startswith(before + "?")
    assert refused == []


def test_delete_confirmation_and_actions_menu_work_and_nothing_is_refused(
        ctx, city, page, browser_login, refused):
    for title in ("第一次组织生活会", "第二次组织生活会", "第三次组织生活会"):
        ctx.add(OrgRecord(kind="life_meeting", org_id=city.branch_a1a.id,
                          held_on=date(2024, 3, 1), title=title))
    ctx.commit()
    browser_login("branch_operator")
    page.goto("/admin/orgrec_life_meeting/")
    row = page.locator("tr", has_text="第一次组织生活会")
    page.click('ul.nav-tabs a.nav-link.active[href^="javascript:"]')  # Flask-Admin's own tab

    page.once("dialog", lambda d: d.dismiss())
    row.locator("form.icon button[data-confirm]").click()
    page.wait_for_timeout(300)
    kept = ctx.query(OrgRecord).count()
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        row.locator("form.icon button[data-confirm]").click()
    ctx.expire_all()
    after_delete = sorted(r.title for r in ctx.query(OrgRecord))

    page.locator("tr", has_text="第二次组织生活会").locator("input.action-checkbox").check()
    page.click("li.dropdown:has(a[data-model-action=delete]) > a.dropdown-toggle")
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.click("a[data-model-action=delete]")
    ctx.expire_all()
    after_action = [r.title for r in ctx.query(OrgRecord)]

    assert kept == 3
    assert after_delete == ["第三次组织生活会", "第二次组织生活会"]
    assert after_action == ["第三次组织生活会"]
    assert "已删除 1 条" in page.inner_text("body")
    assert refused == []


def test_home_tree_statistics_and_batch_entry_run_without_refusals(
        ctx, city, page, browser_login, refused):
    for i in range(3):
        f.make_person(ctx, city.branch_a1a, f"批量{i}")
    browser_login("branch_operator")
    page.goto("/admin/")
    page.wait_for_load_state("networkidle")

    page.goto("/admin/orgtree/")
    page.locator(f'#org-tree li[data-id="{city.branch_a1a.id}"]').wait_for()
    page.press("#tree-q", "Enter")  # the search form is never submitted
    assert "/admin/orgtree/" in page.url and "?" not in page.url

    page.goto("/admin/stat_table/?subject=person&run=1")
    page.wait_for_load_state("networkidle")

    page.goto("/admin/batch/?kind=activity")
    page.fill("#title", "七一主题党日")
    page.fill("#held_on", "2024-07-01")
    page.click("#btn-pending")
    page.wait_for_selector("#batch-result[data-mode=pending]")
    alerts = []
    page.once("dialog", lambda d: (alerts.append(d.message), d.accept()))
    page.click("#write-selected")
    page.wait_for_timeout(300)
    page.check("#check-page")
    checked = page.locator(".row-check:checked").count()

    assert alerts == ["请先勾选党员"]
    assert "data-mode=\"pending\"" in page.content()
    assert checked == 3
    assert refused == []


def test_qualification_form_shows_its_fields_from_the_static_script(
        ctx, city, page, browser_login, refused):
    row = Delegate(person_id=f.make_person(ctx, city.branch_a1a).id, level="3", term=11)
    ctx.add(row)
    ctx.commit()
    browser_login("branch_operator")
    page.goto(f"/admin/delegate/qualification/?id={row.id}")

    hidden_at_first = page.is_hidden("#change-fields")
    page.select_option("#status", "changed")
    page.select_option("#change", "terminated")
    shown = page.is_visible("#change-fields") and page.is_visible("#terminate-fields")

    assert hidden_at_first and shown
    assert refused == []


def test_print_button_prints_without_inline_script(ctx, city, page, browser_login, refused):
    browser_login("branch_operator")
    page.goto("/admin/stat_table/print/?subject=person&run=1")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")

    page.click("button[data-print]")

    assert page.evaluate("window.printed") == 1
    assert refused == []
