"""Member pages: an action's refusal is shown at its field (page 200, values kept), nothing written."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from actions import clock
from actions.security import hostile
from models import Flow, Person, Transfer
from tests import factories as f

TODAY = clock.today()


def at_field(html: str, name: str, message: str) -> bool:
    """`message` is shown right after the control named `name` (inside its form group)."""
    return any(message in html[m.start():m.start() + 900]
               for m in re.finditer(rf'name="{re.escape(name)}"', html))


def count(ctx, model) -> int:
    ctx.expire_all()
    return ctx.execute(select(func.count()).select_from(model)).scalar()


def test_an_id_number_already_used_is_refused_at_the_new_number(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="改号人")
    other = f.make_person(ctx, city.branch_a1b, name="他人")
    client = login("sibling_admin")

    resp = client.post(f"/admin/member/change_id/?id={p.id}", data={
        "new_number": other.id_number, "changed_on": TODAY.isoformat(), "reason": "录入错误"})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and at_field(html, "new_number", "该身份证号码已被其他人员使用")
    assert 'value="录入错误"' in html  # what was typed stays
    ctx.expire_all()
    assert ctx.get(Person, p.id).id_number != other.id_number


def test_a_status_change_dated_tomorrow_is_refused_at_the_date(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)
    client = login("sibling_admin")

    resp = client.post(f"/admin/member/status/?id={p.id}", data={
        "kind": "suspend", "changed_on": (TODAY + timedelta(days=1)).isoformat(), "reason": "出国"})

    assert resp.status_code == 200
    assert at_field(resp.get_data(as_text=True), "changed_on", "日期不能晚于今天")
    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "normal"


def test_an_unknown_destination_organisation_is_refused_at_that_field(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)
    client = login("sibling_admin")

    resp = client.post(f"/admin/member/flow_out/?id={p.id}", data={
        "out_on": TODAY.isoformat(), "place": "乙区", "dest_org": "没有这个组织", "reason": "务工"})

    assert resp.status_code == 200
    assert at_field(resp.get_data(as_text=True), "dest_org", "系统内找不到该流入党组织")
    assert count(ctx, Flow) == 0


def test_a_transfer_valid_too_long_is_refused_at_the_validity(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)
    client = login("sibling_admin")

    resp = client.post(f"/admin/transfer_desk/out/?person_id={p.id}&direction=in_city"
                       f"&to={city.branch_b1.id}",
                       data={"issued_on": TODAY.isoformat(), "valid_days": "500"})

    assert resp.status_code == 200
    assert at_field(resp.get_data(as_text=True), "valid_days", "有效期应为1至180天")
    assert count(ctx, Transfer) == 0


def test_rejecting_a_transfer_without_a_reason_is_refused_at_the_reason(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)
    t = f.make_transfer(ctx, p, city.branch_b1)
    client = login("district_b_admin")

    resp = client.post(f"/admin/transfer_desk/reject/?id={t.id}",
                       data={"version": str(t.version), "reason": ""})

    assert resp.status_code == 200
    assert at_field(resp.get_data(as_text=True), "reason", "请填写拒绝原因")
    ctx.expire_all()
    assert ctx.get(Transfer, t.id).status == "pending"


def test_an_import_file_of_another_type_is_refused_at_the_file(ctx, city, login):
    client = login("committee_admin")

    resp = client.post("/admin/person_import/check/",
                       data={"file": (io.BytesIO(b"hello"), "people.txt")},
                       content_type="multipart/form-data")

    assert resp.status_code == 200
    assert at_field(resp.get_data(as_text=True), "file", "请上传 .xlsx 或 .csv 文件")
    assert count(ctx, Person) == 0


HOSTILE = ["\x00", "没有\x00这个", "\x1b[31m\x07", "9" * 40, "-1", "' OR 1=1 --", "中" * 5000]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_destination_is_refused_at_that_field_and_nothing_is_written(
        ctx, city, login, value):
    p = f.make_person(ctx, city.branch_a1b)
    client = login("sibling_admin")

    resp = client.post(f"/admin/member/flow_out/?id={p.id}", data={
        "out_on": TODAY.isoformat(), "place": "乙区", "dest_org": value, "reason": "务工"})

    assert resp.status_code == 200
    assert 'name="dest_org"' in resp.get_data(as_text=True)
    assert count(ctx, Flow) == 0


@pytest.mark.parametrize("value", HOSTILE)
def test_the_due_team_filter_with_a_hostile_value_shows_a_page(ctx, city, login, value):
    resp = login("city_admin").get("/admin/org_team/", query_string={"flt0_1": value})

    # Control characters are refused by the input guard with a Chinese page; anything else
    # is only "not 是" and lists every team.
    if any(ord(c) < 32 for c in value):
        assert resp.status_code == 400
        assert hostile.REFUSED_QUERY in resp.get_data(as_text=True)
    else:
        assert resp.status_code == 200
