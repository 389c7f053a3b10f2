"""回执: record the real return date, confirm a change, the overdue list the home reminder opens."""
import re
from datetime import timedelta

from actions import clock
from models import Transfer
from tests import factories as f


def _letter(ctx, org, name, days_ago, status="issued"):
    return f.make_transfer(ctx, f.make_person(ctx, org, name), None, status=status,
                           issued_on=clock.today() - timedelta(days=days_ago))


def test_the_home_reminder_opens_the_overdue_receipt_list(app, ctx, city, login):
    _letter(ctx, city.branch_a1a, "逾期甲", 40)
    home = login("branch_admin").get("/admin/").get_data(as_text=True)

    link = re.search(r'<a[^>]*href="([^"]+)"[^>]*>(?:(?!</a>).)*介绍信回执逾期未返回', home, re.S)
    assert link and link.group(1).startswith("/admin/receipt_overdue/")


def test_the_overdue_list_shows_only_overdue_letters_with_their_days(app, ctx, city, login):
    _letter(ctx, city.branch_a1a, "逾期甲", 40)
    _letter(ctx, city.branch_a1a, "未逾期", 10)
    back = _letter(ctx, city.branch_a1a, "已返回", 50)
    back.receipt_returned_on = clock.today()
    ctx.commit()

    html = login("branch_admin").get("/admin/receipt_overdue/").get_data(as_text=True)

    assert "逾期甲" in html and "未逾期" not in html and "已返回" not in html
    row = next(r for r in re.findall(r"<tr.*?</tr>", html, re.S) if "逾期甲" in r)
    assert re.search(r'col-days_overdue">\s*10\s*<', row)
    assert "登记回执" in row


def test_the_overdue_list_filters_by_organisation_and_days_overdue(app, ctx, city, login):
    _letter(ctx, city.branch_a1a, "内科逾期", 40)
    _letter(ctx, city.branch_a1b, "外科逾期", 90)
    client = login("committee_admin")
    html = client.get("/admin/receipt_overdue/").get_data(as_text=True)
    assert "开具党组织（含下级）" in html and "逾期天数" in html

    by_org = client.get(f"/admin/receipt_overdue/?flt0_0={city.branch_a1a.code}").get_data(as_text=True)
    by_days = client.get("/admin/receipt_overdue/?flt0_1=30").get_data(as_text=True)
    bad = client.get("/admin/receipt_overdue/?flt0_1=abc")

    assert "内科逾期" in by_org and "外科逾期" not in by_org
    assert "外科逾期" in by_days and "内科逾期" not in by_days
    assert bad.status_code == 200


def test_recording_a_receipt_takes_the_real_date_and_refuses_impossible_ones(app, ctx, city, login):
    t = _letter(ctx, city.branch_a1a, "逾期甲", 40)
    client = login("branch_operator")
    form = client.get(f"/admin/transfer_desk/receipt/?id={t.id}").get_data(as_text=True)
    assert '<label for="receipt_returned_on">' in form

    early = client.post("/admin/transfer_desk/receipt/", data={
        "id": str(t.id), "receipt_returned_on": (clock.today() - timedelta(days=41)).isoformat()})
    future = client.post("/admin/transfer_desk/receipt/", data={
        "id": str(t.id), "receipt_returned_on": (clock.today() + timedelta(days=1)).isoformat()})
    garbage = client.post("/admin/transfer_desk/receipt/", data={
        "id": str(t.id), "receipt_returned_on": "2026-13-45"})
    assert "不能早于介绍信" in early.get_data(as_text=True)
    assert "不能晚于今天" in future.get_data(as_text=True)
    assert "格式不正确" in garbage.get_data(as_text=True)
    ctx.expire_all()
    assert ctx.get(Transfer, t.id).receipt_returned_on is None

    day = clock.today() - timedelta(days=5)
    resp = client.post("/admin/transfer_desk/receipt/", data={
        "id": str(t.id), "receipt_returned_on": day.isoformat()})

    assert resp.status_code == 302
    ctx.expire_all()
    assert ctx.get(Transfer, t.id).receipt_returned_on == day


def test_recording_twice_asks_before_changing_the_date(app, ctx, city, login):
    t = _letter(ctx, city.branch_a1a, "逾期甲", 40)
    first = clock.today() - timedelta(days=5)
    t.receipt_returned_on = first
    ctx.commit()
    client = login("branch_operator")
    second = (clock.today() - timedelta(days=2)).isoformat()

    asked = client.post("/admin/transfer_desk/receipt/", data={
        "id": str(t.id), "receipt_returned_on": second}).get_data(as_text=True)
    ctx.expire_all()
    unchanged = ctx.get(Transfer, t.id).receipt_returned_on
    client.post("/admin/transfer_desk/receipt/", data={
        "id": str(t.id), "receipt_returned_on": second, "replace": "1"})

    assert "已登记返回" in asked and first.isoformat() in asked and 'id="receipt-replace"' in asked
    assert unchanged == first
    ctx.expire_all()
    assert ctx.get(Transfer, t.id).receipt_returned_on.isoformat() == second


def test_a_viewer_cannot_record_and_another_branch_cannot_reach_the_letter(app, ctx, city, login):
    t = _letter(ctx, city.branch_a1a, "逾期甲", 40)
    sibling = _letter(ctx, city.branch_a1b, "外科", 40)

    viewer = login("branch_viewer").post("/admin/transfer_desk/receipt/", data={
        "id": str(t.id), "receipt_returned_on": clock.today().isoformat()})
    other = login("branch_operator").get(f"/admin/transfer_desk/receipt/?id={sibling.id}")

    assert viewer.status_code == 403 and other.status_code == 404
    ctx.expire_all()
    assert ctx.get(Transfer, t.id).receipt_returned_on is None


def test_the_list_action_leads_to_the_date_page_for_the_checked_letters(app, ctx, city, login):
    t = _letter(ctx, city.branch_a1a, "逾期甲", 40)
    client = login("branch_operator")

    resp = client.post("/admin/transfer_out/action/", data={"action": "receipt", "rowid": str(t.id)})

    assert resp.status_code == 302 and f"/admin/transfer_desk/receipt/?id={t.id}" in resp.location
