"""Batch dues: each member pays by their own class and income, shown per member before saving."""
import re
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from models import DuesPayment
from tests import factories as f

DUES = {"kind": "dues", "filled": "1", "month_from": "2024-07", "month_to": "2024-09",
        "paid_on": "2024-09-30", "dues_class": "", "org": "", "subtree": "y"}


def _paid(ctx, person, dues_class, base, monthly):
    ctx.add(DuesPayment(person_id=person.id, paid_on=date(2024, 6, 30), month_from=date(2024, 6, 1),
                        month_to=date(2024, 6, 1), dues_class=dues_class, income_base=Decimal(base),
                        computed_monthly=Decimal(monthly), monthly_amount=Decimal(monthly),
                        amount=Decimal(monthly)))
    ctx.commit()


def _setup(ctx, city):
    retired = f.make_person(ctx, city.branch_a1a, "退休老王")
    employed = f.make_person(ctx, city.branch_a1a, "在职小李")
    _paid(ctx, retired, "retired", "6000", "60.00")
    _paid(ctx, employed, "employed", "4000", "40.00")
    return retired, employed


def _query(page_html):
    return re.search(r'name="query" value="([^"]+)"', page_html).group(1).replace("&amp;", "&")


def _row(html, person):
    match = re.search(rf'<tr data-person="{person.id}".*?</tr>', html, re.S)
    assert match, f"no row for {person.name}"
    return match.group(0)


def test_the_pending_list_shows_each_members_own_class_base_and_amount(app, ctx, city, login):
    retired, employed = _setup(ctx, city)
    client = login("branch_operator")

    html = client.get(f"/admin/batch/?{urlencode({**DUES, 'mode': 'pending'})}").get_data(as_text=True)

    old, young = _row(html, retired), _row(html, employed)
    assert 'value="retired" selected' in old and 'value="6000.00"' in old and "60.00" in old
    assert 'value="employed" selected' in young and 'value="4000.00"' in young and "40.00" in young
    assert f'<label for="income_base-{retired.id}"' in old


def test_ticking_a_retired_and_an_employed_member_confirms_each_amount_then_saves_it(app, ctx, city, login):
    retired, employed = _setup(ctx, city)
    client = login("branch_operator")
    page = client.get(f"/admin/batch/?{urlencode({**DUES, 'mode': 'pending'})}").get_data(as_text=True)
    chosen = {"query": _query(page), "person_id": [str(retired.id), str(employed.id)],
              f"dues_class.{retired.id}": "retired", f"income_base.{retired.id}": "6000.00",
              f"dues_class.{employed.id}": "employed", f"income_base.{employed.id}": "5200"}

    confirm = client.post("/admin/batch/add/", data=chosen).get_data(as_text=True)
    nothing_yet = ctx.query(DuesPayment).filter(DuesPayment.month_from == date(2024, 7, 1)).count()
    done = client.post("/admin/batch/add/", data={**chosen, "confirmed": "1"})

    assert nothing_yet == 0
    assert "180.00" in _row(confirm, retired) and "60.00" in _row(confirm, retired)
    assert "234.00" in _row(confirm, employed) and "78.00" in _row(confirm, employed)
    assert 'id="dues-total">414.00<' in confirm
    assert done.status_code == 302
    saved = {p.person_id: (p.dues_class, str(p.monthly_amount), str(p.amount))
             for p in ctx.query(DuesPayment).filter(DuesPayment.month_from == date(2024, 7, 1))}
    assert saved == {retired.id: ("retired", "60.00", "180.00"),
                     employed.id: ("employed", "78.00", "234.00")}


def test_a_member_without_a_base_is_marked_on_the_row_and_nothing_is_saved(app, ctx, city, login):
    retired, _employed = _setup(ctx, city)
    newcomer = f.make_person(ctx, city.branch_a1a, "新党员", category="01")  # employed, never paid
    client = login("branch_operator")
    page = client.get(f"/admin/batch/?{urlencode({**DUES, 'mode': 'pending'})}").get_data(as_text=True)
    assert "需填写" in _row(page, newcomer)

    confirm = client.post("/admin/batch/add/", data={
        "query": _query(page), "person_id": [str(retired.id), str(newcomer.id)],
        f"income_base.{newcomer.id}": "1e3"}).get_data(as_text=True)
    forced = client.post("/admin/batch/add/", data={
        "query": _query(page), "person_id": [str(retired.id), str(newcomer.id)], "confirmed": "1"})

    assert 'id="dues-errors"' in confirm and "请输入正确的金额" in _row(confirm, newcomer)
    assert 'id="dues-confirm"' not in confirm and 'id="dues-recompute"' in confirm
    assert forced.status_code == 302
    assert ctx.query(DuesPayment).filter(DuesPayment.month_from == date(2024, 7, 1)).count() == 0


def test_everyone_matching_pays_by_their_own_last_terms(app, ctx, city, login):
    retired, employed = _setup(ctx, city)
    client = login("branch_operator")
    page = client.get(f"/admin/batch/?{urlencode({**DUES, 'mode': 'pending'})}").get_data(as_text=True)

    confirm = client.post("/admin/batch/add/", data={"query": _query(page), "everyone": "1"})
    client.post("/admin/batch/add/", data={"query": _query(page), "everyone": "1", "expected": "2",
                                           "confirmed": "1"})

    assert 'id="dues-count">2<' in confirm.get_data(as_text=True)
    amounts = {p.person_id: str(p.amount)
               for p in ctx.query(DuesPayment).filter(DuesPayment.month_from == date(2024, 7, 1))}
    assert amounts == {retired.id: "180.00", employed.id: "120.00"}
