"""The arrears list shows 党费交至, unpaid months and the amount owed, sorts by months unpaid."""
from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import openpyxl

from actions import clock
from actions.members import dues
from models import DuesPayment
from tests import factories as f


def _pay(ctx, person, months_ago: int, monthly: str):
    month = dues.add_months(dues.first_of_month(clock.today()), -months_ago)
    ctx.add(DuesPayment(person_id=person.id, paid_on=month, month_from=month, month_to=month,
                        dues_class="employed", monthly_amount=Decimal(monthly),
                        amount=Decimal(monthly)))
    ctx.commit()
    return month


def _months_since(joined: date) -> int:
    today = clock.today()
    return (today.year - joined.year) * 12 + today.month - joined.month


def _rows(html: str) -> list[str]:
    return [re.sub(r"\s+", "", r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)]


def _arrears_city(ctx, city):
    seven = f.make_person(ctx, city.branch_a1a, "欠七个月")
    nine = f.make_person(ctx, city.branch_a1a, "欠九个月")
    never = f.make_person(ctx, city.branch_a1a, "从未交纳", category="03", joined_on=date(2015, 3, 1))
    paid = f.make_person(ctx, city.branch_a1a, "按时交纳")
    return {"seven": (seven, _pay(ctx, seven, 8, "10.00")), "nine": (nine, _pay(ctx, nine, 10, "2.50")),
            "never": (never, None), "paid": (paid, _pay(ctx, paid, 1, "10.00"))}


def test_the_list_shows_paid_until_months_unpaid_and_the_amount_owed(app, ctx, city, login):
    people = _arrears_city(ctx, city)
    html = login("branch_admin").get("/admin/dues_arrears/").get_data(as_text=True)

    for label in ("党费交至", "未交月数", "现行月额（元）", "应补交金额（元）"):
        assert label in html
    row = {name: next(r for r in _rows(html) if person.name in r)
           for name, (person, _m) in people.items() if name != "paid"}
    assert f"{people['seven'][1]:%Y-%m}" in row["seven"] and ">7<" in row["seven"]
    assert "70.00" in row["seven"]
    assert ">9<" in row["nine"] and "22.50" in row["nine"]
    months = _months_since(date(2015, 3, 1))
    assert "无交纳记录" in row["never"] and f">{months}<" in row["never"]
    assert f"{Decimal('0.20') * months:.2f}" in row["never"]
    assert "按时交纳" not in html


def test_the_list_sorts_by_months_unpaid_both_ways(app, ctx, city, login):
    _arrears_city(ctx, city)
    client = login("branch_admin")
    html = client.get("/admin/dues_arrears/").get_data(as_text=True)
    index = re.search(r'href="([^"]*sort=(\d+)[^"]*)"[^>]*>\s*未交月数', html)
    assert index, "未交月数 is a sortable column"
    column = index.group(2)

    ascending = client.get(f"/admin/dues_arrears/?sort={column}").get_data(as_text=True)
    descending = client.get(f"/admin/dues_arrears/?sort={column}&desc=1").get_data(as_text=True)

    def order(page):
        return [n for r in _rows(page) for n in ("欠七个月", "欠九个月", "从未交纳") if n in r]
    assert order(ascending) == ["欠七个月", "欠九个月", "从未交纳"]
    assert order(descending) == ["从未交纳", "欠九个月", "欠七个月"]


def test_the_home_reminder_opens_the_arrears_list(app, ctx, city, login):
    _arrears_city(ctx, city)
    home = login("branch_admin").get("/admin/").get_data(as_text=True)

    link = re.search(r'<a[^>]*href="([^"]+)"[^>]*>(?:(?!</a>).)*连续6个月以上未交纳党费的党员', home, re.S)
    assert link and link.group(1).startswith("/admin/dues_arrears/")


def test_the_arrears_export_carries_the_computed_columns_as_numbers_and_months(app, ctx, city, login):
    people = _arrears_city(ctx, city)
    resp = login("branch_admin").get("/admin/dues_arrears/export/xlsx/")
    sheet = openpyxl.load_workbook(io.BytesIO(resp.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    line = {r[header.index("姓名")]: dict(zip(header, r)) for r in rows[1:]}

    seven = line["欠七个月"]
    assert seven["未交月数"] == 7 and seven["应补交金额（元）"] == 70
    assert seven["身份证号码"] and seven["所在党组织"] == city.branch_a1a.name
    cell = sheet.cell(row=[r[header.index("姓名")] for r in rows].index("欠七个月") + 1,
                      column=header.index("党费交至") + 1)
    assert cell.is_date and cell.number_format == "yyyy-mm"
    assert cell.value.date() == people["seven"][1]
    assert line["从未交纳"]["党费交至"] is None
