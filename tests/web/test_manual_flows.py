"""Flows as the manual has them: one message per outcome, 审批 in the pending list, back to
the resubmit page after editing a returned member."""
from __future__ import annotations

from datetime import date

from actions import people
from tests import factories as f


def _pending(ctx, city, name="待审者"):
    fields = people.PersonFields(name=name, stage="full", joined_on=date(2015, 7, 1))
    return people.create_person(ctx, city.branch_admin, city.branch_a1a.id, f.id_number(), fields)


def test_submitting_a_new_member_for_approval_shows_one_message(ctx, city, login):
    client = login("branch_admin")
    number = f.id_number()

    resp = client.post(f"/admin/direct_member/new/?id_number={number}", data={
        "id_number": number, "org": str(city.branch_a1a.id), "name": "待审人", "ethnicity": "01",
        "stage": "full", "joined_on": "2015-07-01"}, follow_redirects=True)

    html = resp.get_data(as_text=True)
    assert "已送审" in html and "创建记录成功" not in html


def test_the_pending_list_has_an_approve_button_in_the_operation_column(ctx, city, login):
    p = _pending(ctx, city)

    parent = login("committee_admin").get("/admin/pending_member/").get_data(as_text=True)
    own = login("district_admin").get("/admin/pending_member/").get_data(as_text=True)
    submitter = login("branch_admin").get("/admin/pending_member/").get_data(as_text=True)

    assert f"/admin/member/?id={p.id}#approval-box" in parent and ">审批</a>" in parent
    assert ">审批</a>" in own  # the district is above the branch too
    assert ">审批</a>" not in submitter and "待上级审批" in submitter


def test_editing_a_returned_member_leads_back_to_its_page_with_resubmit(ctx, city, login):
    p = _pending(ctx, city, "退回重报")
    login("committee_admin").post(f"/admin/member/reject/?id={p.id}", data={"reason": "姓名有误"})
    client = login("branch_admin")

    resp = client.post(f"/admin/returned_member/edit/?id={p.id}", data={
        "org": str(city.branch_a1a.id), "name": "退回重报改", "ethnicity": "01", "stage": "full",
        "joined_on": "2015-07-01"})
    page = client.get(resp.headers["Location"]).get_data(as_text=True)

    assert resp.status_code == 302 and f"/admin/member/?id={p.id}" in resp.headers["Location"]
    assert 'id="resubmit"' in page and "重新送审" in page and "保存记录成功" not in page
