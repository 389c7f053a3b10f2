"""A branch clerk opens the arrears list from the home reminder and records a late receipt."""
from datetime import timedelta
from decimal import Decimal

import pytest

from actions import clock
from actions.members import dues
from models import DuesPayment, Transfer
from tests import factories as f

pytestmark = pytest.mark.browser


def _pay(ctx, person, months_ago, monthly):
    month = dues.add_months(dues.first_of_month(clock.today()), -months_ago)
    ctx.add(DuesPayment(person_id=person.id, paid_on=month, month_from=month, month_to=month,
                        dues_class="employed", monthly_amount=Decimal(monthly),
                        amount=Decimal(monthly)))
    ctx.commit()


def _names_in_order(page, names):
    text = page.locator("table.model-list tbody").inner_text()
    return sorted((n for n in names if n in text), key=text.index)


def test_the_home_reminder_opens_the_arrears_list_sorted_by_unpaid_months(ctx, city, page, browser_login):
    _pay(ctx, f.make_person(ctx, city.branch_a1a, "欠七月"), 8, "10.00")
    _pay(ctx, f.make_person(ctx, city.branch_a1a, "欠十二月"), 13, "5.00")
    browser_login("branch_admin")

    page.click("#waiting >> text=连续6个月以上未交纳党费的党员")
    page.wait_for_url("**/admin/dues_arrears/**")
    table = page.locator("table.model-list").inner_text()
    page.click("table.model-list thead >> text=未交月数")
    page.wait_for_url("**sort=**")
    ascending = _names_in_order(page, ["欠七月", "欠十二月"])
    page.click("table.model-list thead >> text=未交月数")
    page.wait_for_url("**desc=1**")
    descending = _names_in_order(page, ["欠七月", "欠十二月"])

    for label in ("党费交至", "未交月数", "现行月额（元）", "应补交金额（元）"):
        assert label in table
    assert "70.00" in table and "60.00" in table  # 7 x 10.00 and 12 x 5.00
    assert ascending == ["欠七月", "欠十二月"] and descending == ["欠十二月", "欠七月"]
    page.screenshot(path="tests/artifacts/dues_arrears.png", full_page=True)


def test_a_late_receipt_is_recorded_with_its_real_date_and_a_change_is_confirmed(
        ctx, city, page, browser_login):
    person = f.make_person(ctx, city.branch_a1a, "回执待登记")
    t = f.make_transfer(ctx, person, None, status="issued",
                        issued_on=clock.today() - timedelta(days=40))
    last_week = clock.today() - timedelta(days=7)
    yesterday = clock.today() - timedelta(days=1)
    browser_login("branch_admin")

    page.click("#waiting >> text=介绍信回执逾期未返回")
    page.wait_for_url("**/admin/receipt_overdue/**")
    overdue = page.locator("table.model-list").inner_text()
    page.click("tr:has-text('回执待登记') >> text=登记回执")
    page.wait_for_selector("#receipt-form")
    page.fill("#receipt_returned_on", (clock.today() + timedelta(days=3)).isoformat())
    page.click("#receipt-save")
    refused = page.locator("#receipt-error").inner_text()
    page.fill("#receipt_returned_on", last_week.isoformat())
    page.click("#receipt-save")
    page.wait_for_url("**/admin/receipt_overdue/**")
    after = page.locator("body").inner_text()

    page.goto(f"/admin/transfer_desk/decide/?id={t.id}")
    page.click("#record-receipt")
    page.fill("#receipt_returned_on", yesterday.isoformat())
    page.click("#receipt-save")
    asked = page.locator("#receipt-confirm").inner_text()
    page.click("#receipt-replace")
    page.wait_for_load_state()

    assert "回执待登记" in overdue and "10" in overdue
    assert "不能晚于今天" in refused
    assert f"已登记 1 份介绍信的回执返回日期 {last_week.isoformat()}" in after
    assert last_week.isoformat() in asked and yesterday.isoformat() in asked
    ctx.expire_all()
    assert ctx.get(Transfer, t.id).receipt_returned_on == yesterday
    page.screenshot(path="tests/artifacts/receipt_changed.png", full_page=True)
