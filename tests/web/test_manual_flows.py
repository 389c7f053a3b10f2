"""Flows as the manual has them: one message per outcome, 审批 in the pending list, back to
the resubmit page after editing a returned member."""
from __future__ import annotations

from datetime import date

from actions.members import people
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


def test_member_lists_have_row_checkboxes_and_export_only_the_ticked_people(ctx, city, login):
    import io
    import zipfile

    a = f.make_person(ctx, city.branch_a1a, "勾选甲", birth_date=date(1981, 1, 1))
    f.make_person(ctx, city.branch_a1a, "未勾乙", birth_date=date(1982, 1, 1))
    client = login("branch_admin")

    for url in ("/admin/direct_member/", "/admin/member_query/"):
        assert "action-checkbox" in client.get(url).get_data(as_text=True)
    resp = client.post("/admin/direct_member/action/",
                       data={"action": "export_selected", "rowid": str(a.id)})

    with zipfile.ZipFile(io.BytesIO(resp.data)) as zf:
        sheet = "".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    assert "勾选甲" in sheet and "未勾乙" not in sheet


def test_a_record_is_batch_entered_for_the_people_ticked_in_the_member_list(ctx, city, login):
    from models import Activity

    a = f.make_person(ctx, city.branch_a1a, "勾选甲", birth_date=date(1981, 1, 1))
    b = f.make_person(ctx, city.branch_a1a, "未勾乙", birth_date=date(1982, 1, 1))
    client = login("branch_admin")

    resp = client.post("/admin/member_query/action/",
                       data={"action": "batch_selected", "rowid": str(a.id)})
    batch_url = resp.headers["Location"]
    page = client.get(batch_url).get_data(as_text=True)
    listing = client.get("/admin/batch/", query_string={
        "kind": "activity", "filled": "1", "picked": str(a.id), "held_on": "2026-11-20",
        "title": "主题党日", "subtree": "y", "mode": "pending"}).get_data(as_text=True)

    assert f"picked={a.id}" in batch_url and 'id="batch-picked"' in page
    assert "勾选甲" in listing and "未勾乙" not in listing
    assert ctx.query(Activity).filter(Activity.person_id == b.id).count() == 0
