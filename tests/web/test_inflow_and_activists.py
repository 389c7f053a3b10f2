"""Inflow members and activists: maintain, flow onward, convert; bad requests never crash."""
from datetime import date

import pytest

from actions import clock
from models import Flow, Person
from tests import factories as f

TODAY = clock.today().isoformat()


def test_inflow_member_is_maintained_flows_onward_and_becomes_direct(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="流入乙", management="inflow")
    client = login("sibling_admin")

    client.post(f"/admin/inflow_member/edit/?id={p.id}", data={
        "org": str(city.branch_a1b.id), "name": "流入乙", "ethnicity": "01", "stage": "full",
        "joined_on": "2010-07-01", "phone": "13900000000"})
    ctx.expire_all()
    assert ctx.get(Person, p.id).phone == "13900000000"
    client.post(f"/admin/member/convert/?id={p.id}")

    ctx.expire_all()
    assert ctx.get(Person, p.id).management == "direct"
    assert "流入乙" in client.get("/admin/direct_member/").get_data(as_text=True)
    assert "流入乙" not in client.get("/admin/inflow_member/").get_data(as_text=True)


def test_activist_is_edited_and_flows_out_from_the_activist_screen(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="积极乙", stage="activist",
                      applied_on=date(2024, 1, 1))
    client = login("sibling_admin")

    client.post(f"/admin/activist/edit/?id={p.id}", data={
        "org": str(city.branch_a1b.id), "name": "积极乙", "ethnicity": "01", "stage": "activist",
        "applied_on": "2024-02-01", "job": "教师"})
    client.post(f"/admin/member/flow_out/?id={p.id}", data={
        "out_on": TODAY, "place": "外省", "dest_unit": "某校", "reason": "进修"})

    ctx.expire_all()
    person = ctx.get(Person, p.id)
    assert (person.job, person.applied_on, person.status) == ("教师", date(2024, 2, 1), "flowing")
    assert "积极乙" in client.get("/admin/activist/").get_data(as_text=True)
    assert "积极乙" in client.get("/admin/flowing/").get_data(as_text=True)


def test_activist_screen_offers_no_stage_advancement(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, stage="activist")

    html = login("sibling_admin").get(f"/admin/member/?id={p.id}").get_data(as_text=True)

    assert 'id="basic-info"' in html
    assert ">转正<" not in html and "发展为预备党员" not in html


@pytest.mark.parametrize("url", [
    "/admin/member/?id=abc", "/admin/member/?id=999999", "/admin/transfer_desk/letter/?id=x",
    "/admin/transfer_desk/out/?person_id=", "/admin/transfer_desk/decide/?id=0",
])
def test_bad_ids_in_the_url_are_not_found_not_errors(city, login, url):
    assert login("sibling_admin").get(url).status_code == 404


def test_post_without_csrf_token_is_refused_and_changes_nothing(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)
    client = login("sibling_admin")

    resp = client.post(f"/admin/member/status/?id={p.id}", csrf=False,
                       data={"kind": "death", "changed_on": TODAY, "reason": "x"})

    assert resp.status_code == 400
    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "normal"


def test_flow_to_an_unknown_system_organisation_shows_a_message(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)

    resp = login("sibling_admin").post(f"/admin/member/flow_out/?id={p.id}", data={
        "out_on": TODAY, "place": "某地", "dest_org": "不存在的组织", "reason": "务工"},
        follow_redirects=True)

    assert "系统内找不到该流入党组织" in resp.get_data(as_text=True)
    assert ctx.query(Flow).count() == 0


def test_viewer_sees_the_member_page_without_write_forms(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1a)
    client = login("branch_viewer")

    basic = client.get(f"/admin/member/?id={p.id}").get_data(as_text=True)
    status = client.get(f"/admin/member/?id={p.id}&tab=status").get_data(as_text=True)

    assert 'id="basic-info"' in basic and "change-id-form" not in basic
    assert "status-changes" in status and "status-form" not in status
