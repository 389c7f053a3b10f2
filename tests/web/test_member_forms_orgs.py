"""Organisation pages: an action's refusal is shown at its field (page 200), nothing written."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from models import DifficultMember, Organization
from tests import factories as f


def at_field(html: str, name: str, message: str) -> bool:
    """`message` is shown right after the control named `name` (inside its form group)."""
    return any(message in html[m.start():m.start() + 900]
               for m in re.finditer(rf'name="{re.escape(name)}"', html))


def test_moving_under_an_unknown_parent_is_refused_at_the_parent(ctx, city, login):
    client = login("district_admin")

    resp = client.post(f"/admin/orgpage/change/move/?id={city.branch_a1a.id}", data={
        "parent": "没有这个组织", "changed_on": "2024-07-01", "reason": "调整"})

    assert resp.status_code == 200
    assert at_field(resp.get_data(as_text=True), "parent", "未找到该党组织")
    ctx.expire_all()
    assert ctx.get(Organization, city.branch_a1a.id).parent_id == city.committee_a1.id


def test_revoking_a_difficult_member_before_the_start_is_refused_at_the_date(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    client = login("branch_operator")
    client.post("/admin/difficult_member/new/", data={
        "id_number": person.id_number, "kind": "01", "description": "困难", "since": "2024-01-01"})
    row = ctx.execute(select(DifficultMember)).scalar_one()

    resp = client.post(f"/admin/difficult_member/revoke/?id={row.id}",
                       data={"revoked_on": "2023-12-31", "reason": "已脱困"})

    assert resp.status_code == 200
    assert at_field(resp.get_data(as_text=True), "revoked_on", "撤销日期不能早于困难起始日期")
    ctx.expire_all()
    assert ctx.get(DifficultMember, row.id).status != "revoked"
    assert ctx.get(DifficultMember, row.id).since == date(2024, 1, 1)
