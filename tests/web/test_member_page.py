"""The member page: tabs, approval decisions, ID-number change, 党籍 changes and flows."""
from datetime import date

from actions import clock
from actions.members import people
from models import ApprovalDecision, Flow, Person, StatusChange
from tests import factories as f
from views.members.tabs import TABS, register_tab

TODAY = clock.today().isoformat()


def pending(ctx, city, name="待审者"):
    fields = people.PersonFields(name=name, stage="full", joined_on=date(2015, 7, 1))
    return people.create_person(ctx, city.branch_admin, city.branch_a1a.id, f.id_number(), fields)


def test_member_page_shows_every_registered_tab(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="页面人")
    register_tab("probe", "探针标签", lambda person: f"探针内容{person.id}", order=50)
    try:
        client = login("sibling_admin")
        html = client.get(f"/admin/member/?id={p.id}").get_data(as_text=True)
        probe = client.get(f"/admin/member/?id={p.id}&tab=probe").get_data(as_text=True)
    finally:
        TABS[:] = [t for t in TABS if t.key != "probe"]

    for label in ("基本信息", "党籍变动", "组织关系转接", "流动", "操作记录", "探针标签"):
        assert label in html
    assert f"探针内容{p.id}" in probe
    assert '<table class="table table-sm table-bordered" id="basic-info">' in html


def test_member_page_of_another_organisation_is_not_found(ctx, city, login):
    p = f.make_person(ctx, city.branch_b1, name="外区人")

    resp = login("sibling_admin").get(f"/admin/member/?id={p.id}")

    assert resp.status_code == 404 and "外区人" not in resp.get_data(as_text=True)


def test_parent_sees_pending_people_and_approves_from_the_member_page(ctx, city, login):
    p = pending(ctx, city)
    client = login("committee_admin")
    assert "待审者" in client.get("/admin/pending_member/").get_data(as_text=True)
    assert 'id="approve"' in client.get(f"/admin/member/?id={p.id}").get_data(as_text=True)

    client.post(f"/admin/member/approve/?id={p.id}", data={"version": str(p.version)})

    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "normal"
    assert "待审者" in client.get("/admin/direct_member/").get_data(as_text=True)


def test_submitting_branch_sees_no_approve_button(ctx, city, login):
    p = pending(ctx, city)
    client = login("branch_admin")

    html = client.get(f"/admin/member/?id={p.id}").get_data(as_text=True)
    client.post(f"/admin/member/approve/?id={p.id}", data={"version": str(p.version)})

    assert 'id="approve"' not in html and "等待上级党组织审批" in html
    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "pending"


def test_second_decision_from_a_stale_page_gets_a_clear_message(ctx, city, login):
    p = pending(ctx, city)
    version = str(p.version)
    first, second = login("committee_admin"), login("district_admin")

    first.post(f"/admin/member/reject/?id={p.id}", data={"version": version, "reason": "材料不全"})
    resp = second.post(f"/admin/member/approve/?id={p.id}", data={"version": version},
                       follow_redirects=True)

    assert "已被他人审批处理" in resp.get_data(as_text=True)
    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "returned"


def test_submitter_sees_rejections_with_reasons_and_deletes_only_rejected_entries(ctx, city, login):
    rejected, waiting = pending(ctx, city, "被退回"), pending(ctx, city, "仍待审")
    login("committee_admin").post(f"/admin/member/reject/?id={rejected.id}",
                                  data={"reason": "身份证复印件不清"})
    client = login("branch_admin")

    listing = client.get("/admin/returned_member/").get_data(as_text=True)
    assert "被退回" in listing and "身份证复印件不清" in listing and "仍待审" not in listing
    rows = {"action": "delete_rejected", "rowid": [str(rejected.id), str(waiting.id)]}
    confirm = client.post("/admin/returned_member/action/", data=dict(rows)).get_data(as_text=True)
    assert "确认删除" in confirm and "被退回" in confirm and "仍待审" not in confirm
    ctx.expire_all()
    assert ctx.get(Person, rejected.id) is not None  # nothing happens before the confirmation
    client.post("/admin/returned_member/action/", data={**rows, "confirmed": "1"})

    rejected_id, waiting_id = rejected.id, waiting.id
    ctx.expunge_all()
    assert ctx.get(Person, rejected_id) is None
    assert ctx.get(Person, waiting_id) is not None
    assert ctx.query(ApprovalDecision).count() == 0


def test_rejected_person_is_edited_and_resubmitted(ctx, city, login):
    p = pending(ctx, city, "退回重报")
    login("committee_admin").post(f"/admin/member/reject/?id={p.id}", data={"reason": "姓名有误"})
    client = login("branch_admin")

    client.post(f"/admin/returned_member/edit/?id={p.id}", data={
        "org": str(city.branch_a1a.id), "name": "退回重报改", "ethnicity": "01", "stage": "full",
        "joined_on": "2015-07-01"})
    client.post(f"/admin/member/resubmit/?id={p.id}")

    ctx.expire_all()
    person = ctx.get(Person, p.id)
    assert (person.name, person.status) == ("退回重报改", "pending")


def test_id_number_is_not_editable_in_the_form(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)
    client = login("sibling_admin")

    html = client.get(f"/admin/direct_member/edit/?id={p.id}").get_data(as_text=True)
    client.post(f"/admin/direct_member/edit/?id={p.id}", data={
        "id_number": f.id_number(), "org": str(city.branch_a1b.id), "name": "张三", "ethnicity": "01",
        "stage": "full", "joined_on": "2010-07-01"})

    assert 'name="id_number"' not in html
    ctx.expire_all()
    assert ctx.get(Person, p.id).id_number == p.id_number


def test_changed_id_number_keeps_history_and_the_old_number_still_finds_the_person(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="改号人")
    old, new = p.id_number, f.id_number(date(1980, 5, 17))
    client = login("sibling_admin")

    client.post(f"/admin/member/change_id/?id={p.id}",
                data={"new_number": new, "reason": "15位升18位", "changed_on": TODAY})

    page = client.get(f"/admin/member/?id={p.id}").get_data(as_text=True)
    assert old in page and new in page and "15位升18位" in page
    found = client.get(f"/admin/member_query/?search={old}").get_data(as_text=True)
    assert "改号人" in found
    assert "改号人" in client.get(f"/admin/direct_member/?search={old}").get_data(as_text=True)


def test_status_change_from_the_page_takes_the_member_off_the_list(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="去世者")
    client = login("sibling_admin")

    client.post(f"/admin/member/status/?id={p.id}",
                data={"kind": "death", "changed_on": TODAY, "reason": "病故"})

    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "deceased"
    assert ctx.query(StatusChange).one().reason == "病故"
    assert "去世者" not in client.get("/admin/direct_member/").get_data(as_text=True)
    assert "病故" in client.get(f"/admin/member/?id={p.id}&tab=status").get_data(as_text=True)


def test_status_change_without_reason_shows_a_message_and_changes_nothing(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b)
    client = login("sibling_admin")

    resp = client.post(f"/admin/member/status/?id={p.id}",
                       data={"kind": "expel", "changed_on": TODAY, "reason": ""},
                       follow_redirects=True)

    assert "请填写原因" in resp.get_data(as_text=True)
    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "normal"


def test_flow_to_a_system_organisation_appears_in_its_reception_list(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="流动人")
    sender = login("sibling_admin")

    sender.post(f"/admin/member/flow_out/?id={p.id}", data={
        "out_on": TODAY, "place": "乙区", "dest_org": city.branch_b1.code, "reason": "务工"})

    assert "流动人" in sender.get("/admin/flowing/").get_data(as_text=True)
    receiver = login("district_b_admin")
    assert "流动人" in receiver.get("/admin/inflow_reception/").get_data(as_text=True)
    flow = ctx.query(Flow).one()
    receiver.post("/admin/inflow_reception/receive/", data={"flow_id": str(flow.id)})
    ctx.expire_all()
    assert ctx.get(Flow, flow.id).received_on == clock.today()
    assert "流动人" not in login("sibling_admin").get("/admin/inflow_reception/").get_data(as_text=True)


def test_flowing_member_returns_from_the_page(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="返回人")
    client = login("sibling_admin")
    client.post(f"/admin/member/flow_out/?id={p.id}", data={
        "out_on": TODAY, "place": "外省", "dest_unit": "某公司", "reason": "务工"})
    flow = ctx.query(Flow).one()

    client.post(f"/admin/member/flow_return/?id={p.id}", data={"flow_id": str(flow.id),
                                                               "returned_on": TODAY})

    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "normal"
    assert ctx.get(Flow, flow.id).status == "returned"


def test_history_tab_lists_the_audit_entries_of_the_person(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="有历史")
    client = login("sibling_admin")
    client.post(f"/admin/member/status/?id={p.id}",
                data={"kind": "suspend", "changed_on": TODAY, "reason": "出国定居"})

    html = client.get(f"/admin/member/?id={p.id}&tab=history").get_data(as_text=True)

    assert "sibling_admin" in html and "党籍变动" in html and "出国定居" in html


def test_viewer_cannot_write_from_the_member_page(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1a)
    client = login("branch_viewer")

    resp = client.post(f"/admin/member/status/?id={p.id}",
                       data={"kind": "death", "changed_on": TODAY, "reason": "x"})

    assert resp.status_code == 403
    ctx.expire_all()
    assert ctx.get(Person, p.id).status == "normal"
