"""Exports identify the person by 身份证号码 and 所在党组织; months are YYYY-MM; XLSX cells are typed."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from actions import privacy
from models import Delegate, DuesPayment, Flow, Volunteer
from tests import factories as f


def _book(resp):
    return openpyxl.load_workbook(io.BytesIO(resp.data)).active


def _lines(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.fixture
def namesakes(ctx, city):
    """Two members called 王芳 in two branches, each with a record of every kind."""
    people = [f.make_person(ctx, city.branch_a1a, "王芳"), f.make_person(ctx, city.branch_a1b, "王芳")]
    for i, p in enumerate(people):
        ctx.add_all([
            Delegate(person_id=p.id, level="4", term=10 + i, status="active"),
            Volunteer(person_id=p.id, category="01", service_time="1", intention="社区服务",
                      registered_on=date(2024, 3, 1)),
            Flow(person_id=p.id, out_on=date(2024, 5, 1), place="深圳", reason="务工", status="out"),
            DuesPayment(person_id=p.id, paid_on=date(2026, 9, 15), month_from=date(2026, 9, 1),
                        month_to=date(2026, 9, 1), dues_class="employed",
                        income_base=Decimal("4000.00"), computed_monthly=Decimal("40.00"),
                        monthly_amount=Decimal("40.00"), amount=Decimal("40.00")),
        ])
    ctx.commit()
    return people


@pytest.mark.parametrize("endpoint", ["delegate", "volunteer", "flowing", "dues_record"])
def test_each_export_tells_namesakes_apart_by_id_number_and_organisation(
        app, ctx, city, login, namesakes, endpoint):
    header, lines = _lines(_book(login("committee_admin").get(f"/admin/{endpoint}/export/xlsx/")))

    assert header.index("身份证号码") == header.index("所在党组织") - 1
    assert {(r["身份证号码"], r["所在党组织"]) for r in lines} == {
        (p.id_number, p.org.name) for p in namesakes}


def test_a_viewer_exports_masked_id_numbers(app, ctx, city, login, namesakes):
    _header, lines = _lines(_book(login("branch_viewer").get("/admin/delegate/export/xlsx/")))

    assert [r["身份证号码"] for r in lines] == [privacy.mask_id(namesakes[0].id_number)]


def test_dues_export_months_as_year_month_and_amounts_as_numbers(app, ctx, city, login, namesakes):
    client = login("branch_admin")
    sheet = _book(client.get("/admin/dues_record/export/xlsx/"))
    csv = client.get("/admin/dues_record/export/csv/").get_data(as_text=True)
    header = [c.value for c in sheet[1]]

    month = sheet.cell(row=2, column=header.index("起始月份") + 1)
    paid = sheet.cell(row=2, column=header.index("交纳日期") + 1)
    amount = sheet.cell(row=2, column=header.index("交纳金额（元）") + 1)
    assert month.is_date and month.number_format == "yyyy-mm" and month.value.date() == date(2026, 9, 1)
    assert paid.is_date and paid.number_format == "yyyy-mm-dd"
    assert amount.data_type == "n" and amount.value == 40 and amount.number_format == "#,##0.00"
    assert ",2026-09,2026-09," in csv and "2026-09-01" not in csv


def test_xlsx_freezes_the_header_and_fits_column_widths(app, ctx, city, login, namesakes):
    sheet = _book(login("branch_admin").get("/admin/dues_record/export/xlsx/"))
    header = [c.value for c in sheet[1]]

    assert sheet.freeze_panes == "A2"
    org_col = openpyxl.utils.get_column_letter(header.index("所在党组织") + 1)
    id_col = openpyxl.utils.get_column_letter(header.index("身份证号码") + 1)
    assert sheet.column_dimensions[org_col].width >= len(city.branch_a1a.name) * 2
    assert 18 <= sheet.column_dimensions[id_col].width <= 30
