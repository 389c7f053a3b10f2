"""Numbers no column holds, on the record forms and the batch pages: a Chinese message at the
field, no 500, nothing written."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from models import DuesPayment, Evaluation
from tests import factories as f

HUGE = ["9" * 25, "-" + "9" * 25, "9" * 5000]


def count(ctx, model) -> int:
    ctx.expire_all()
    return ctx.execute(select(func.count()).select_from(model)).scalar()


def near(html: str, name: str, message: str, span: int = 7000) -> bool:
    return any(message in html[m.start():m.start() + span]
               for m in re.finditer(rf'name="{re.escape(name)}"', html))


@pytest.mark.parametrize("field", ["income_base", "monthly_amount"])
@pytest.mark.parametrize("value", HUGE)
def test_a_dues_record_with_a_huge_amount_is_refused_at_the_field(ctx, city, login, value, field):
    p = f.make_person(ctx, city.branch_a1a)
    client = login("branch_operator")

    resp = client.post("/admin/dues_record/new/", data={
        "person": str(p.id), "month_from": "2024-07", "month_to": "2024-07",
        "paid_on": "2024-07-31", "dues_class": "employed", "income_base": "4000",
        field: value})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "系统错误" not in html
    assert near(html, field, "金额不能为负数" if value.startswith("-") else "金额过大")
    assert count(ctx, DuesPayment) == 0


@pytest.mark.parametrize("value", HUGE)
def test_batch_entry_with_a_huge_year_says_so_at_the_field(ctx, city, login, value):
    f.make_person(ctx, city.branch_a1a)
    client = login("branch_operator")
    query = urlencode({"kind": "evaluation", "filled": "1", "year": value,
                       "evaluated_on": "2024-12-20", "grade": "good", "org": "", "subtree": "y",
                       "mode": "pending"})

    page = client.get(f"/admin/batch/?{query}")
    added = client.post("/admin/batch/add/", data={"query": query, "everyone": "1",
                                                   "confirmed": "1"})

    assert page.status_code == 200
    assert near(page.get_data(as_text=True), "year", "请填写") or \
        near(page.get_data(as_text=True), "year", "超出")
    assert added.status_code == 302
    assert count(ctx, Evaluation) == 0


@pytest.mark.parametrize("value", HUGE)
def test_batch_dues_with_a_huge_income_says_so_in_the_members_row(ctx, city, login, value):
    p = f.make_person(ctx, city.branch_a1a, "党员甲")
    client = login("branch_operator")
    query = urlencode({"kind": "dues", "filled": "1", "month_from": "2024-07",
                       "month_to": "2024-09", "paid_on": "2024-09-30", "dues_class": "employed",
                       "org": "", "subtree": "y"})
    chosen = {"query": query, "person_id": [str(p.id)], f"dues_class.{p.id}": "employed",
              f"income_base.{p.id}": value}

    confirm = client.post("/admin/batch/add/", data=chosen)
    done = client.post("/admin/batch/add/", data={**chosen, "confirmed": "1"})

    row = re.search(rf'<tr data-person="{p.id}".*?</tr>', confirm.get_data(as_text=True), re.S)
    assert confirm.status_code == 200 and row and "金额" in row.group(0)
    assert done.status_code in (200, 302)
    assert count(ctx, DuesPayment) == 0
