"""Delegate qualification and batch entry: a refusal is shown at its field, nothing written."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from sqlalchemy import func, select

from models import Activity, Delegate, DuesPayment
from tests import factories as f

TODAY = "2024-07-01"


def at_field(html: str, name: str, message: str) -> bool:
    """`message` is shown right after the control named `name` (inside its form group)."""
    return any(message in html[m.start():m.start() + 900]
               for m in re.finditer(rf'name="{re.escape(name)}"', html))


def test_terminating_without_a_reason_is_refused_at_the_reason_and_keeps_the_date(ctx, city, login):
    row = Delegate(person_id=f.make_person(ctx, city.branch_a1a).id, level="3", term=11)
    ctx.add(row)
    ctx.commit()
    client = login("branch_operator")

    resp = client.post(f"/admin/delegate/qualification/?id={row.id}", data={
        "status": "changed", "change": "terminated", "on": TODAY, "reason": ""})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and at_field(html, "reason", "请填写终止资格原因")
    assert f'value="{TODAY}"' in html
    ctx.expire_all()
    assert ctx.get(Delegate, row.id).status == "active"


def test_a_batch_target_outside_the_scope_is_refused_at_the_organisation(ctx, city, login):
    f.make_person(ctx, city.branch_a1b, "兄弟")
    client = login("branch_operator")
    query = urlencode({"kind": "activity", "filled": "1", "title": "主题党日", "held_on": TODAY,
                       "org": city.branch_a1b.code, "subtree": "y", "mode": "pending"})

    page = client.get(f"/admin/batch/?{query}")
    added = client.post("/admin/batch/add/", data={"query": query, "everyone": "1",
                                                   "confirmed": "1"})

    assert page.status_code == 200
    assert at_field(page.get_data(as_text=True), "org", "本组织管辖范围内没有该党组织")
    assert added.status_code == 302
    ctx.expire_all()
    assert ctx.execute(select(func.count()).select_from(Activity)).scalar() == 0


def test_a_hidden_character_in_a_dues_row_is_refused_at_that_row(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1a, "交费人")
    client = login("branch_operator")
    query = urlencode({"kind": "dues", "filled": "1", "month_from": "2024-01",
                       "month_to": "2024-03", "paid_on": TODAY, "dues_class": "employed",
                       "org": "", "subtree": "y", "mode": "pending"})

    resp = client.post("/admin/batch/add/", data={
        "query": query, "person_id": str(p.id), "confirmed": "1",
        f"override_reason.{p.id}": "调\u200b整"})

    assert resp.status_code == 200
    assert at_field(resp.get_data(as_text=True), f"override_reason.{p.id}", "不可见")
    ctx.expire_all()
    assert ctx.execute(select(func.count()).select_from(DuesPayment)).scalar() == 0
