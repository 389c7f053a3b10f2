"""A member of district B flows into a branch of district A: out → receive → maintain → return."""
import pytest
from sqlalchemy import select

from actions import clock
from models import Activity, Person
from tests import factories as f

pytestmark = pytest.mark.browser


def switch_user(page, browser_login, username):
    page.context.clear_cookies()
    browser_login(username)


def test_flow_out_receive_maintain_and_return_across_two_districts(ctx, city, page,
                                                                  browser_login):
    person = f.make_person(ctx, city.branch_b1, name="周流动")
    today = clock.today().isoformat()

    switch_user(page, browser_login, "district_b_admin")
    page.goto(f"/admin/member/?id={person.id}&tab=flows")
    page.fill("#flow-form input[name=out_on]", today)
    page.fill("#flow-form input[name=place]", "甲区")
    page.fill("#flow-form input[name=dest_org]", city.branch_a1a.code)
    page.fill("#flow-form input[name=reason]", "务工")
    page.click("#flow-form button[type=submit]")
    page.wait_for_load_state()
    assert "已登记流出" in page.inner_text("body")

    switch_user(page, browser_login, "branch_admin")
    page.goto("/admin/inflow_reception/")
    page.fill("#reception-q", "zld")
    page.click("#reception-search button[type=submit]")
    page.wait_for_load_state()
    page.click("#reception button:has-text('接收')")
    page.wait_for_load_state()
    assert "已接收该流入党员" in page.inner_text("body")

    page.goto("/admin/inflow_member/")
    page.click("text=周流动")
    page.wait_for_load_state()
    assert "组织关系在 中共乙区实验中学支部委员会" in page.inner_text("#receiving-box")
    page.fill("#contact-phone", "13700000000")
    page.click("#save-contact")
    page.wait_for_load_state()
    assert "联系方式已保存" in page.inner_text("body")
    page.click("a[data-tab=records_activity]")
    page.click("text=新增活动信息")
    page.wait_for_load_state()
    page.fill("#title", "主题党日")
    page.fill("#held_on", today)
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert ctx.execute(select(Activity.title).where(
        Activity.person_id == person.id)).scalar_one() == "主题党日"
    page.goto(f"/admin/member/?id={person.id}")
    tabs = page.inner_text("#person-tabs")
    assert "活动信息" in tabs and "交纳党费" not in tabs and "党籍变动" not in tabs

    switch_user(page, browser_login, "district_b_admin")
    page.goto(f"/admin/member/?id={person.id}&tab=flows")
    assert "已接收" in page.inner_text("#flow-list")
    page.click("#flow-list button:has-text('返回')")
    page.wait_for_load_state()
    assert "已登记返回" in page.inner_text("body")
    ctx.expire_all()
    back = ctx.get(Person, person.id)
    assert (back.status, back.here_path, back.phone) == ("normal", None, "13700000000")

    switch_user(page, browser_login, "branch_admin")
    response = page.goto(f"/admin/member/?id={person.id}")
    assert response.status == 404
