"""Entry by ID number first: existing people are reported, new ones get a pre-filled form."""
import re
from datetime import date

import pytest

from models import Person
from tests import factories as f


def test_entry_screen_asks_for_the_id_number_first(city, login):
    client = login("sibling_admin")

    html = client.get("/admin/direct_member/new/").get_data(as_text=True)

    assert 'name="id_number"' in html and "下一步" in html
    assert 'name="name"' not in html


def test_new_id_number_opens_the_form_with_birth_date_and_sex_filled(city, login):
    client = login("sibling_admin")
    number = f.id_number(date(1990, 3, 4), male=False)

    html = client.get(f"/admin/direct_member/new/?id_number={number}").get_data(as_text=True)

    assert "1990-03-04" in html and "性别 <strong>女</strong>" in html
    assert f'value="{number}"' in html and "readonly" in html
    required = re.findall(r'<label for="(\w+)"[^>]*>[^<]*\s*<strong class="text-danger">&#42;</strong>', html)
    assert "name" in required and "joined_on" in required
    assert ">保存<" in html and ">送审<" not in html


def test_existing_person_in_scope_is_reported_with_where(ctx, city, login):
    p = f.make_person(ctx, city.branch_a1b, name="已存在")
    client = login("committee_admin")

    html = client.get(f"/admin/direct_member/new/?id_number={p.id_number}").get_data(as_text=True)

    assert "该人员已登记" in html and city.branch_a1b.name in html
    assert f"/admin/member/?id={p.id}" in html
    assert 'name="name"' not in html


def test_existing_person_elsewhere_is_only_said_to_be_registered_elsewhere(ctx, city, login):
    p = f.make_person(ctx, city.branch_b1, name="别处的人")
    client = login("sibling_admin")

    html = client.get(f"/admin/direct_member/new/?id_number={p.id_number}").get_data(as_text=True)

    assert "已在其他组织登记" in html
    assert "别处的人" not in html and city.branch_b1.name not in html


@pytest.mark.parametrize("number, message", [
    ("123", "身份证号码应为18位"),
    ("43010219800517001Y", "格式不正确"),
    ("430102198005170010", "校验位错误"),
])
def test_invalid_id_number_gets_a_chinese_message(city, login, number, message):
    client = login("sibling_admin")

    html = client.get(f"/admin/direct_member/new/?id_number={number}").get_data(as_text=True)

    assert message in html and 'name="name"' not in html


def test_branch_requiring_approval_shows_submit_for_approval_and_the_person_waits(ctx, city, login):
    client = login("branch_admin")
    number = f.id_number()
    html = client.get(f"/admin/direct_member/new/?id_number={number}").get_data(as_text=True)
    assert ">送审<" in html

    resp = client.post(f"/admin/direct_member/new/?id_number={number}", data={
        "id_number": number, "org": str(city.branch_a1a.id), "name": "待审人", "ethnicity": "01",
        "stage": "full", "joined_on": "2015-07-01"}, follow_redirects=True)

    assert "已送审" in resp.get_data(as_text=True)
    person = ctx.query(Person).filter_by(id_number=number).one()
    assert (person.status, person.sex, person.birth_date) == ("pending", "1", date(1980, 5, 17))


def test_missing_required_field_changes_nothing(ctx, city, login):
    client = login("sibling_admin")
    number = f.id_number()

    resp = client.post(f"/admin/direct_member/new/?id_number={number}", data={
        "id_number": number, "org": str(city.branch_a1b.id), "name": "", "ethnicity": "01",
        "stage": "full", "joined_on": "2015-07-01"})

    assert "请填写姓名" in resp.get_data(as_text=True)
    assert ctx.query(Person).filter_by(id_number=number).first() is None


def test_inflow_member_is_entered_by_id_number(ctx, city, login):
    client = login("sibling_admin")
    number = f.id_number()

    client.post(f"/admin/inflow_member/new/?id_number={number}", data={
        "id_number": number, "org": str(city.branch_a1b.id), "name": "流入甲", "ethnicity": "01",
        "stage": "full", "joined_on": "2010-07-01"})

    person = ctx.query(Person).filter_by(id_number=number).one()
    assert (person.management, person.status) == ("inflow", "normal")
    assert "流入甲" in client.get("/admin/inflow_member/").get_data(as_text=True)
    assert "流入甲" not in client.get("/admin/direct_member/").get_data(as_text=True)


def test_activist_is_entered_and_listed_on_the_activist_screen(ctx, city, login):
    client = login("sibling_admin")
    number = f.id_number()

    client.post(f"/admin/activist/new/?id_number={number}", data={
        "id_number": number, "org": str(city.branch_a1b.id), "name": "积极甲", "ethnicity": "01",
        "stage": "activist", "applied_on": "2024-03-01"})

    person = ctx.query(Person).filter_by(id_number=number).one()
    assert person.stage == "activist"
    assert "积极甲" in client.get("/admin/activist/").get_data(as_text=True)
