"""Text with control, bidi or zero-width characters is refused: at the field, nothing written."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from actions.security.hostile import REFUSED_FIELD, REFUSED_FORM
from models import Activity, Delegate, Flow, Organization, Person
from tests import factories as f

HIDDEN = ["王\u202e五\u202c", "甲\u200b乙", "丙\x07丁", "\ufeff戊"]
TODAY = "2024-07-01"


def count(ctx, model) -> int:
    ctx.expire_all()
    return ctx.execute(select(func.count()).select_from(model)).scalar()


def at_field(html: str, name: str) -> bool:
    """The refusal is shown inside the form group of the control named `name`."""
    for m in re.finditer(rf'name="{re.escape(name)}"', html):
        if REFUSED_FIELD in html[m.start():m.start() + 1500]:
            return True
    return False


@pytest.mark.parametrize("value", HIDDEN)
def test_model_form_refuses_hidden_characters_at_the_field_and_saves_nothing(
        ctx, city, login, value):
    client = login("district_admin")
    before = count(ctx, Organization)

    resp = client.post("/admin/organization/new/", data={
        "parent": str(city.committee_a1.id), "code_suffix": "050", "kind": "branch",
        "name": f"中共甲区{value}新建支部委员会"})

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and at_field(html, "name")
    assert count(ctx, Organization) == before


@pytest.mark.parametrize("value", HIDDEN)
def test_organisation_page_form_refuses_hidden_characters_at_the_field(ctx, city, login, value):
    client = login("district_admin")
    url = f"/admin/orgpage/change/rename/?id={city.branch_a1a.id}"

    resp = client.post(url, data={"name": f"中共甲区{value}支部委员会", "changed_on": TODAY,
                                  "reason": "科室调整", "confirmed": "1"})

    assert resp.status_code == 200 and at_field(resp.get_data(as_text=True), "name")
    ctx.expire_all()
    assert ctx.get(Organization, city.branch_a1a.id).name == "中共甲区第一医院内科支部委员会"


def test_batch_entry_refuses_a_hidden_character_in_the_title_at_the_field(ctx, city, login):
    f.make_person(ctx, city.branch_a1a, "党员甲")
    client = login("branch_operator")
    query = urlencode({"kind": "activity", "filled": "1", "title": "七一\u202e主题党日",
                       "held_on": TODAY, "org": "", "subtree": "y", "mode": "pending"})

    page = client.get(f"/admin/batch/?{query}")
    added = client.post("/admin/batch/add/", data={"query": query, "everyone": "1",
                                                   "confirmed": "1"})

    assert page.status_code == 200 and at_field(page.get_data(as_text=True), "title")
    assert added.status_code in (302, 400)
    assert count(ctx, Activity) == 0


@pytest.mark.parametrize("value", HIDDEN)
def test_a_custom_page_is_shown_again_with_the_refusal_at_the_field_and_writes_nothing(
        ctx, city, login, value):
    row = Delegate(person_id=f.make_person(ctx, city.branch_a1a).id, level="3", term=11)
    ctx.add(row)
    ctx.commit()
    client = login("branch_operator")

    resp = client.post(f"/admin/delegate/qualification/?id={row.id}", data={
        "status": "changed", "change": "terminated", "on": TODAY, "reason": f"调离{value}"})

    assert resp.status_code == 200 and at_field(resp.get_data(as_text=True), "reason")
    ctx.expire_all()
    assert ctx.get(Delegate, row.id).status != "terminated"


def test_the_receiving_side_contact_form_refuses_hidden_characters_at_the_field(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, phone="13800000000")
    login("sibling_admin").post(f"/admin/member/flow_out/?id={p.id}", data={
        "out_on": TODAY, "place": "乙区", "dest_org": city.branch_b1.code, "reason": "务工"})
    receiver = login("district_b_admin")
    receiver.post("/admin/inflow_reception/receive/", data={"flow_id": str(ctx.query(Flow).one().id)})

    resp = receiver.post(f"/admin/member/contact/?id={p.id}",
                         data={"id": str(p.id), "phone": "1\u200b3900000000"})

    assert resp.status_code == 200 and at_field(resp.get_data(as_text=True), "phone")
    ctx.expire_all()
    assert ctx.get(Person, p.id).phone == "13800000000"


def test_a_post_only_page_is_refused_whole_in_chinese_and_writes_nothing(ctx, city, login):
    client = login("branch_operator")

    resp = client.post("/auth/logout", data={"note": "\u200b"})

    assert resp.status_code == 400 and REFUSED_FORM in resp.get_data(as_text=True)
    assert client.get("/admin/").status_code == 200  # still logged in


def test_the_browser_check_refuses_hidden_characters_at_the_field_before_sending(client):
    script = client.get("/static/js/validity.js").get_data(as_text=True)

    assert "\\u202e" in script.lower() and "不可见字符" in script


def test_the_login_and_password_pages_refuse_hidden_characters_at_the_field(app, ctx, city,
                                                                             login):
    client = app.test_client()
    client.fetch_csrf("/login")

    resp = client.post("/login", data={"username": "branch_\u200badmin", "password": f.PASSWORD})

    assert resp.status_code == 200 and at_field(resp.get_data(as_text=True), "username")
    assert client.get("/admin/").status_code == 302  # not logged in
    logged_in = login("branch_admin")
    resp = logged_in.post("/password", data={"old_password": f.PASSWORD,
                                             "new_password": "Abc\u202e12345678!",
                                             "repeat": "Abc\u202e12345678!"})
    assert resp.status_code == 200 and at_field(resp.get_data(as_text=True), "new_password")
    assert login("branch_admin").get("/admin/").status_code == 200  # the old password still works
