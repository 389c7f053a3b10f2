"""Bad input gets a Chinese message at the field and writes nothing."""
import pytest
from sqlalchemy import func, select

from models import Organization, Person, User
from tests import factories as f


def count(session, model):
    session.expire_all()
    return session.execute(select(func.count()).select_from(model)).scalar()


def org_form(parent_id, **kw):
    data = {"parent": str(parent_id), "code_suffix": "050", "name": "中共甲区新建支部委员会",
            "kind": "branch"}
    data.update(kw)
    return data


@pytest.mark.parametrize("change, message", [
    ({"name": "中共甲区第一医院外科支部委员会"}, "党组织名称已存在，请重新输入"),
    ({"code_suffix": "12"}, "组织代码后3位须为3位数字"),
    ({"code_suffix": "1a3"}, "组织代码后3位须为3位数字"),
    ({"code_suffix": "001"}, "该组织代码已被使用"),
])
def test_organisation_form_refuses_bad_values_at_the_field(ctx, city, login, change, message):
    client = login("district_admin")
    before = count(ctx, Organization)

    resp = client.post("/admin/organization/new/", data=org_form(city.committee_a1.id, **change))

    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and message in html
    assert count(ctx, Organization) == before


def test_parent_outside_scope_is_not_a_valid_choice(ctx, city, login):
    client = login("district_admin")
    before = count(ctx, Organization)

    resp = client.post("/admin/organization/new/", data=org_form(city.district_b.id))

    assert resp.status_code == 200 and "请选择上级党组织" in resp.get_data(as_text=True)
    assert count(ctx, Organization) == before


def person_form(org_id, number, **kw):
    data = {"id_number": number, "org": str(org_id), "name": "李四", "ethnicity": "01",
            "stage": "full", "joined_on": "2015-07-01"}
    data.update(kw)
    return data


def test_bad_id_checksum_is_refused_at_the_field(ctx, city, login):
    client = login("sibling_admin")
    number = f.id_number()
    bad = number[:17] + ("0" if number[17] != "0" else "1")

    resp = client.post("/admin/direct_member/new/", data=person_form(city.branch_a1b.id, bad))

    assert "身份证号码校验位错误" in resp.get_data(as_text=True)
    assert count(ctx, Person) == 0


def test_duplicate_id_number_is_refused_at_the_field(ctx, city, login):
    client = login("sibling_admin")
    existing = f.make_person(ctx, city.branch_b1)

    resp = client.post("/admin/direct_member/new/",
                       data=person_form(city.branch_a1b.id, existing.id_number))

    assert "该身份证号码已在其他组织登记" in resp.get_data(as_text=True)
    assert count(ctx, Person) == 1


def test_valid_person_is_created_with_derived_fields(ctx, city, login):
    client = login("sibling_admin")

    resp = client.post("/admin/direct_member/new/",
                       data=person_form(city.branch_a1b.id, f.id_number(male=False)))

    assert resp.status_code == 302
    person = ctx.execute(select(Person)).scalar_one()
    assert person.sex == "2" and person.status == "normal"


def test_role_above_ones_own_is_refused(ctx, city, login):
    client = login("district_admin")
    before = count(ctx, User)

    resp = client.post("/admin/user/new/", data={"username": "up", "org": str(city.district_a.id),
                                                 "role": "sysadmin", "password": "abc12345"})

    assert resp.status_code == 200 and count(ctx, User) == before
    assert "请从列表中选择一项" in resp.get_data(as_text=True)


def test_malformed_date_is_refused_in_chinese(ctx, city, login):
    client = login("sibling_admin")

    resp = client.post("/admin/direct_member/new/",
                       data=person_form(city.branch_a1b.id, f.id_number(), joined_on="2015-13-45"))

    assert count(ctx, Person) == 0
    assert "日期" in resp.get_data(as_text=True)
