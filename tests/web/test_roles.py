"""Create, edit and delete rights follow the role; users screens are for administrators."""
from sqlalchemy import func, select

from models import Organization
from tests import factories as f


def test_viewer_reads_but_cannot_create_or_edit(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a, name="甲")
    client = login("branch_viewer")

    listing = client.get("/admin/direct_member/").get_data(as_text=True)
    new = client.get("/admin/direct_member/new/")
    edit = client.post(f"/admin/direct_member/edit/?id={person.id}", data={"name": "改"})

    assert "甲" in listing and "/admin/direct_member/new/" not in listing
    assert new.status_code == 302
    ctx.expire_all()
    assert edit.status_code == 302 and person.name == "甲"


def test_operator_enters_people_but_cannot_manage_organisations_or_users(ctx, city, login):
    client = login("branch_operator")

    assert client.get("/admin/direct_member/new/").status_code == 200
    assert client.get("/admin/organization/new/").status_code == 302
    assert client.get("/admin/user/").status_code == 403


def test_administrator_creates_an_organisation_through_the_form(ctx, city, login):
    client = login("district_admin")

    resp = client.post("/admin/organization/new/", data={
        "parent": str(city.committee_a1.id), "code_suffix": "007", "name": "中共甲区第一医院药剂科支部委员会",
        "kind": "branch", "requires_approval": "y"})

    assert resp.status_code == 302
    org = ctx.execute(select(Organization).where(Organization.code == city.committee_a1.code + "007")).scalar_one()
    assert org.requires_approval and org.path.startswith(city.committee_a1.path)


def test_nobody_deletes_people_or_organisations(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    client = login("city_admin")

    client.post("/admin/direct_member/delete/", data={"id": str(person.id)})
    client.post("/admin/organization/delete/", data={"id": str(city.branch_a1b.id)})

    ctx.expire_all()
    assert ctx.get(type(person), person.id) is not None
    assert ctx.execute(select(func.count()).select_from(Organization)).scalar() == 7


def test_user_list_shows_only_users_of_the_subtree(ctx, city, login):
    client = login("district_admin")

    html = client.get("/admin/user/").get_data(as_text=True)

    assert "branch_admin" in html and "district_b_admin" not in html and "city_admin" not in html
