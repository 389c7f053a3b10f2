"""A member flowing into another organisation is managed where he is; his roll stays at home.

district B (home, branch B1) flows a member into branch A1a of district A; A1a receives him.
"""
from datetime import date

import pytest
from sqlalchemy import select

from actions import clock
from models import Activity, DuesPayment, Evaluation, Flow, Person
from tests import factories as f

TODAY = clock.today().isoformat()


@pytest.fixture
def received(ctx, city, login):
    """A full member of branch B1 flowed into branch A1a and received there."""
    person = f.make_person(ctx, city.branch_b1, name="流动甲", phone="111")
    home = login("district_b_admin")
    home.post(f"/admin/member/flow_out/?id={person.id}", data={
        "out_on": TODAY, "place": "甲区", "dest_org": city.branch_a1a.code, "reason": "务工"})
    flow = ctx.execute(select(Flow).where(Flow.person_id == person.id)).scalar_one()
    receiver = login("branch_admin")
    receiver.post("/admin/inflow_reception/receive/", data={"flow_id": str(flow.id)})
    ctx.expire_all()
    return ctx.get(Person, person.id), flow


def page(client, person, tab="basic"):
    return client.get(f"/admin/member/?id={person.id}&tab={tab}")


def test_received_member_is_in_the_receivers_inflow_list_page_and_query(ctx, city, login,
                                                                       received):
    person, _flow = received
    client = login("branch_admin")

    assert person.here_path == city.branch_a1a.path
    assert "流动甲" in client.get("/admin/inflow_member/").get_data(as_text=True)
    html = page(client, person).get_data(as_text=True)
    assert 'id="receiving-box"' in html and "组织关系在 中共乙区实验中学支部委员会" in html
    query = client.get("/admin/member_query/?flt0_0=inflow").get_data(as_text=True)
    assert "流动甲" in query


def test_superiors_of_the_receiver_see_him_and_a_third_organisation_does_not(ctx, city, login,
                                                                           received):
    person, _flow = received

    for user in ("committee_admin", "district_admin"):
        client = login(user)
        assert page(client, person).status_code == 200
        assert "流动甲" in client.get("/admin/inflow_member/").get_data(as_text=True)
    third = login("sibling_admin")
    assert page(third, person).status_code == 404
    assert "流动甲" not in third.get("/admin/inflow_member/").get_data(as_text=True)
    assert "流动甲" not in third.get("/admin/member_query/").get_data(as_text=True)


def test_inflow_statistics_of_the_receiver_count_him(ctx, city, login, received):
    client = login("branch_admin")

    html = client.get("/admin/stat_summary/?run=1&object=inflow&row=sex").get_data(as_text=True)

    assert html.split("<tfoot>")[1].split("</tfoot>")[0].count(">1<") == 1


def test_receiver_keeps_activities_evaluations_contact_and_flow_information(ctx, city, login,
                                                                           received):
    person, flow = received
    client = login("branch_admin")

    client.post(f"/admin/activity_record/new/?person_id={person.id}", data={
        "person": str(person.id), "held_on": TODAY, "title": "主题党日", "place": "内科"})
    client.post(f"/admin/evaluation_record/new/?person_id={person.id}", data={
        "person": str(person.id), "year": str(clock.today().year), "evaluated_on": TODAY,
        "grade": "1"})
    client.post(f"/admin/member/contact/?id={person.id}", data={"phone": "13800000000",
                                                                "address": "甲区某路"})
    client.post(f"/admin/member/flow_info/?id={person.id}", data={
        "flow_id": str(flow.id), "place": "甲区第一医院", "contact": "内科办公室"})

    ctx.expire_all()
    person = ctx.get(Person, person.id)
    assert (person.phone, person.address) == ("13800000000", "甲区某路")
    assert ctx.get(Flow, flow.id).place == "甲区第一医院"
    assert [a.title for a in ctx.execute(select(Activity).where(
        Activity.person_id == person.id)).scalars()] == ["主题党日"]
    assert "主题党日" in page(client, person, "records_activity").get_data(as_text=True)
    assert ctx.execute(select(Evaluation.grade).where(
        Evaluation.person_id == person.id)).scalar_one() == "1"
    assert "records_evaluation" in page(client, person).get_data(as_text=True)


def test_receiver_cannot_touch_roll_status_stage_dues_or_return(ctx, city, login, received):
    person, flow = received
    client = login("branch_admin")
    before = (person.status, person.stage, person.org_id, person.management, person.name)

    client.post(f"/admin/member/status/?id={person.id}", data={
        "kind": "death", "changed_on": TODAY, "reason": "x"})
    client.post(f"/admin/member/flow_return/?id={person.id}", data={
        "flow_id": str(flow.id), "returned_on": TODAY})
    client.post(f"/admin/dues_record/new/?person_id={person.id}", data={
        "person": str(person.id), "paid_on": TODAY, "month_from": "2026-01", "month_to": "2026-01",
        "dues_class": "student", "amount": "0.2"})
    client.post(f"/admin/inflow_member/edit/?id={person.id}", data={
        "name": "改名", "stage": "probationary", "org": str(city.branch_a1a.id),
        "phone": "222"})
    client.post(f"/admin/transfer_desk/out/?person_id={person.id}", data={
        "direction": "out_city", "to_org_name": "外市", "issued_on": TODAY})

    ctx.expire_all()
    person = ctx.get(Person, person.id)
    assert (person.status, person.stage, person.org_id, person.management, person.name) == before
    assert person.phone == "222"  # the edit form of the receiving side keeps contact details
    assert ctx.get(Flow, flow.id).status == "out"
    dues = select(DuesPayment).where(DuesPayment.person_id == person.id)
    assert ctx.execute(dues).first() is None
    tabs = page(client, person).get_data(as_text=True)
    assert 'data-tab="records_dues"' not in tabs and 'data-tab="status"' not in tabs


def test_home_keeps_seeing_where_he_is_and_after_return_the_receiver_sees_nothing(
        ctx, city, login, received):
    person, flow = received
    home = login("district_b_admin")

    assert "已接收" in page(home, person, "flows").get_data(as_text=True)
    assert "中共甲区第一医院内科支部委员会" in home.get("/admin/flowing/").get_data(as_text=True)
    home.post(f"/admin/member/flow_return/?id={person.id}", data={
        "flow_id": str(flow.id), "returned_on": TODAY})

    ctx.expire_all()
    assert ctx.get(Person, person.id).here_path is None
    receiver = login("branch_admin")
    assert page(receiver, person).status_code == 404
    assert "流动甲" not in receiver.get("/admin/inflow_member/").get_data(as_text=True)


def test_a_flowing_activist_is_seen_by_the_receiver_on_the_activist_list(ctx, city, login):
    person = f.make_person(ctx, city.branch_b1, name="积极丙", stage="activist",
                           applied_on=date(2024, 1, 1))
    login("district_b_admin").post(f"/admin/member/flow_out/?id={person.id}", data={
        "out_on": TODAY, "place": "甲区", "dest_org": city.branch_a1a.code, "reason": "进修"})
    flow = ctx.execute(select(Flow).where(Flow.person_id == person.id)).scalar_one()
    receiver = login("branch_admin")
    assert "积极丙" not in receiver.get("/admin/activist/").get_data(as_text=True)

    receiver.post("/admin/inflow_reception/receive/", data={"flow_id": str(flow.id)})

    assert "积极丙" in receiver.get("/admin/activist/").get_data(as_text=True)
    assert page(receiver, person).status_code == 200
    assert "积极丙" not in login("sibling_admin").get("/admin/activist/").get_data(as_text=True)


def test_re_parenting_the_receiving_branch_keeps_the_member_reachable_there(ctx, city, login,
                                                                           received):
    from actions.orgs import changes as org_changes

    person, _flow = received
    org_changes.move_org(ctx, city.city_admin, city.committee_a1, city.district_b.id, "009",
                         clock.today())

    ctx.expire_all()
    assert ctx.get(Person, person.id).here_path == ctx.get(type(city.branch_a1a),
                                                           city.branch_a1a.id).path
    assert page(login("branch_admin"), person).status_code == 200


def test_the_receiving_organisations_page_counts_him_as_an_inflow_member(ctx, city, login,
                                                                        received):
    import re

    html = login("branch_admin").get(f"/admin/orgpage/?id={city.branch_a1a.id}").get_data(
        as_text=True)

    row = re.search(r'<tr data-category="inflow">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r">(\d+)<", row) == ["1", "1"]


def _waiting(client, label: str) -> int:
    """The count the home page shows beside a reminder (0 when it is not listed)."""
    import re

    html = client.get("/admin/").get_data(as_text=True)
    found = re.search(rf"{label}</a>\s*<span[^>]*>(\d+)</span>", html)
    return int(found.group(1)) if found else 0


def test_the_inflow_reminder_counts_the_rows_the_reception_list_waits_on(ctx, city, login):
    from actions.members import flows

    def flow(home, user, name, dest):
        person = f.make_person(ctx, home, name=name)
        return flows.flow_out(ctx, user, person, flows.FlowFields(
            out_on=clock.today(), place="甲区", reason="务工", dest_org_id=dest.id))

    flow(city.branch_b1, city.district_b_admin, "流入甲", city.branch_a1a)
    flow(city.branch_b1, city.district_b_admin, "流入乙", city.branch_a1b)
    flow(city.branch_a1b, city.sibling_admin, "流出丙", city.branch_b1)  # out of district A
    done = flow(city.branch_b1, city.district_b_admin, "流入丁", city.branch_a1a)
    flows.receive_flow(ctx, city.branch_admin, done)

    for username, names, waiting in (("district_admin", {"流入甲", "流入乙", "流入丁"}, 2),
                                     ("branch_admin", {"流入甲", "流入丁"}, 1),
                                     ("district_b_admin", {"流出丙"}, 1)):
        client = login(username)
        listing = client.get("/admin/inflow_reception/").get_data(as_text=True)
        shown = {n for n in ("流入甲", "流入乙", "流出丙", "流入丁") if n in listing}

        assert shown == names, username
        assert listing.count('name="flow_id"') == waiting == _waiting(client, "流入党员待接收")
