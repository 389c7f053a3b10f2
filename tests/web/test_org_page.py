"""The organisation page and its change forms through the test client."""
from __future__ import annotations

import re

from sqlalchemy import select

from actions import clock
from models import Organization, OrgChange, Person
from tests import factories as f

TODAY = clock.today().isoformat()


def page_url(org) -> str:
    return f"/admin/orgpage/?id={org.id}"


def test_organisation_page_shows_live_counts_by_category(ctx, city, login):
    f.make_person(ctx, city.branch_a1a, name="甲")
    f.make_person(ctx, city.branch_a1b, name="乙", stage="probationary")
    f.make_person(ctx, city.committee_a1, name="丙", stage="activist")
    client = login("district_admin")

    html = client.get(page_url(city.committee_a1)).get_data(as_text=True)

    assert city.committee_a1.name in html
    assert '<tr data-category="full"><td>正式党员</td><td class="text-right direct">0</td><td class="text-right total">1</td>' in html
    assert '<tr data-category="activist"><td>入党积极分子</td><td class="text-right direct">1</td><td class="text-right total">1</td>' in html


def test_organisation_page_of_another_district_is_not_found(ctx, city, login):
    client = login("district_admin")

    assert client.get(page_url(city.branch_b1)).status_code == 404


def test_rename_goes_through_a_confirmation_and_keeps_the_old_name(ctx, city, login):
    client = login("district_admin")
    url = f"/admin/orgpage/change/rename/?id={city.branch_a1a.id}"
    data = {"name": "中共甲区第一医院内一科支部委员会", "changed_on": TODAY, "reason": "科室调整"}

    first = client.post(url, data=dict(data))
    ctx.expire_all()
    assert "确认党组织更名" in first.get_data(as_text=True)
    assert ctx.get(Organization, city.branch_a1a.id).name == "中共甲区第一医院内科支部委员会"

    done = client.post(url, data={**data, "confirmed": "1"})
    ctx.expire_all()
    assert done.status_code == 302
    assert ctx.get(Organization, city.branch_a1a.id).name == data["name"]
    history = client.get(page_url(city.branch_a1a)).get_data(as_text=True)
    assert "中共甲区第一医院内科支部委员会" in history and "科室调整" in history


def test_organisation_query_finds_former_names_and_codes(ctx, city, login):
    client = login("district_admin")
    url = f"/admin/orgpage/change/rename/?id={city.branch_a1a.id}"
    client.post(url, data={"name": "中共甲区新名称支部委员会", "changed_on": TODAY, "confirmed": "1"})
    move = f"/admin/orgpage/change/move/?id={city.branch_a1b.id}"
    client.post(move, data={"parent": city.district_a.code, "code_suffix": "077",
                            "changed_on": TODAY, "confirmed": "1"})

    by_old_name = client.get("/admin/organization/?search=内科支部").get_data(as_text=True)
    by_old_code = client.get("/admin/organization/?search=900001001002").get_data(as_text=True)
    by_other = client.get("/admin/organization/?search=实验中学").get_data(as_text=True)

    assert "中共甲区新名称支部委员会" in by_old_name
    assert "中共甲区第一医院外科支部委员会" in by_old_code and "900001077" in by_old_code
    assert "中共乙区实验中学支部委员会" not in by_other


def test_move_form_shows_what_moves_and_refuses_a_descendant(ctx, city, login):
    f.make_person(ctx, city.branch_a1a)
    client = login("district_admin")
    url = f"/admin/orgpage/change/move/?id={city.committee_a1.id}"

    bad = client.post(url, data={"parent": city.branch_a1a.code, "changed_on": TODAY}).get_data(as_text=True)
    plan = client.post(url, data={"parent": city.district_a.name, "code_suffix": "050",
                                  "changed_on": TODAY}).get_data(as_text=True)

    assert "不能将党组织移到其自身或其下级党组织之下" in bad
    assert "新上级党组织与原上级党组织相同" in plan


def test_move_of_own_organisation_is_not_offered(ctx, city, login):
    client = login("committee_admin")

    resp = client.get(f"/admin/orgpage/change/move/?id={city.committee_a1.id}")

    assert resp.status_code == 302
    assert "变更隶属关系" not in client.get(page_url(city.committee_a1)).get_data(as_text=True)


def test_dissolve_is_refused_with_where_the_members_are(ctx, city, login):
    f.make_person(ctx, city.branch_a1b)
    client = login("committee_admin")
    url = f"/admin/orgpage/change/dissolve/?id={city.branch_a1b.id}"

    html = client.post(url, data={"changed_on": TODAY, "reason": "撤并", "confirmed": "1"}).get_data(as_text=True)

    ctx.expire_all()
    assert "尚有 1 名人员" in html and "外科支部" in html
    assert ctx.get(Organization, city.branch_a1b.id).status == "active"


def test_dissolved_organisation_leaves_pickers_and_can_be_restored(ctx, city, login):
    client = login("committee_admin")
    url = f"/admin/orgpage/change/dissolve/?id={city.branch_a1b.id}"
    client.post(url, data={"changed_on": TODAY, "reason": "撤并", "confirmed": "1"})

    picker = client.get("/admin/organization/ajax/lookup/", query_string={"name": "parent", "query": "外科"})
    assert picker.get_json() == []
    page = client.get(page_url(city.branch_a1b)).get_data(as_text=True)
    assert "已撤销" in page and "撤并" in page

    client.post(f"/admin/orgpage/change/restore/?id={city.branch_a1b.id}",
                data={"changed_on": TODAY, "confirmed": "1"})
    ctx.expire_all()
    assert ctx.get(Organization, city.branch_a1b.id).status == "active"


def test_branch_cannot_dissolve_itself(ctx, city, login):
    client = login("branch_admin")

    resp = client.post(f"/admin/orgpage/change/dissolve/?id={city.branch_a1a.id}",
                       data={"changed_on": TODAY, "reason": "x", "confirmed": "1"})

    ctx.expire_all()
    assert resp.status_code == 302
    assert ctx.get(Organization, city.branch_a1a.id).status == "active"


def test_change_without_csrf_token_is_rejected(ctx, city, login):
    client = login("district_admin")

    resp = client.post(f"/admin/orgpage/change/rename/?id={city.branch_a1a.id}", csrf=False,
                       data={"name": "篡改", "changed_on": TODAY, "confirmed": "1"})

    assert resp.status_code == 400
    assert ctx.execute(select(OrgChange)).first() is None


def test_move_through_the_form_moves_members(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    client = login("city_admin")

    client.post(f"/admin/orgpage/change/move/?id={city.committee_a1.id}",
                data={"parent": city.district_b.code, "code_suffix": "009", "changed_on": TODAY,
                      "confirmed": "1"})

    ctx.expire_all()
    assert ctx.get(Person, person.id).org_path.startswith(city.district_b.path)
    assert ctx.get(Organization, city.branch_a1a.id).code == "900002009001"


def test_organisation_page_routes_refuse_ids_outside_the_jurisdiction(ctx, city, login):
    from actions.orgs import team as org_team

    person = f.make_person(ctx, city.branch_b1)
    officer = org_team.appoint(ctx, city.city_admin, city.branch_b1, "deputy", person.id_number, clock.today())
    client = login("district_admin")
    other = city.branch_b1.id
    urls = [f"/admin/orgpage/?id={other}", f"/admin/orgpage/change/rename/?id={other}",
            f"/admin/orgpage/change/move/?id={other}", f"/admin/orgpage/change/dissolve/?id={other}",
            f"/admin/orgpage/team/?id={other}", f"/admin/orgpage/appoint/?id={other}",
            f"/admin/orgpage/revoke/?officer={officer.id}", "/admin/orgpage/?id=abc"]

    statuses = {url: (client.get(url).status_code,
                      client.post(url, data={"name": "篡改", "changed_on": TODAY, "confirmed": "1",
                                             "ended_on": TODAY, "reason": "x"}).status_code)
                for url in urls}

    ctx.expire_all()
    assert {get for get, _ in statuses.values()} == {404}
    assert {post for _, post in statuses.values()} <= {404, 405}  # 405: the page itself is GET only
    assert ctx.get(Organization, other).name == "中共乙区实验中学支部委员会"
    assert officer.status == "active"


def test_viewer_sees_the_page_without_change_buttons_and_cannot_appoint(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    client = login("branch_viewer")

    page = client.get(page_url(city.branch_a1a)).get_data(as_text=True)
    html = client.post(f"/admin/orgpage/appoint/?id={city.branch_a1a.id}",
                       data={"role": "deputy", "id_number": person.id_number,
                             "appointed_on": TODAY}).get_data(as_text=True)

    assert "录入/更换书记" not in page and "更名</a>" not in page
    assert "当前角色无权进行此操作" in html


def test_status_filter_lists_dissolved_organisations(ctx, city, login):
    client = login("committee_admin")
    client.post(f"/admin/orgpage/change/dissolve/?id={city.branch_a1b.id}",
                data={"changed_on": TODAY, "reason": "撤并", "confirmed": "1"})

    dissolved = client.get("/admin/organization/?flt0_1=dissolved").get_data(as_text=True)

    assert "中共甲区第一医院外科支部委员会" in dissolved
    assert "中共甲区第一医院内科支部委员会" not in dissolved


def test_organisation_list_shows_live_member_counts(ctx, city, login):
    client = login("committee_admin")
    f.make_person(ctx, city.branch_a1b)
    f.make_person(ctx, city.branch_a1b)
    f.make_person(ctx, city.branch_a1b, status="transferred_out")

    html = client.get("/admin/organization/?search=外科").get_data(as_text=True)

    assert "本级党员（实时）" in html
    assert re.search(r'class="col-members">\s*2\s*</td>', html)
