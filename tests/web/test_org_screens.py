"""Creating organisations, teams, officers, records and members in difficulty through the screens."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from actions import clock
from models import DifficultMember, Organization, OrgOfficer, OrgRecord, OrgTeam
from tests import factories as f

TODAY = clock.today()


def new_org(parent, **kw):
    data = {"parent": str(parent.id), "code_suffix": "321", "name": "中共甲区第一医院儿科支部委员会",
            "kind": "branch", "requires_approval": "y", "unit_name": "第一医院",
            "founded_on": "2020-07-01"}
    data.update(kw)
    return data


def test_create_form_explains_the_code_and_the_approval_flag(ctx, city, login):
    html = login("committee_admin").get("/admin/organization/new/").get_data(as_text=True)

    assert "组织代码 = 上级组织代码 + 这3位数字" in html
    assert "须经上级党组织审批通过后才成为直管党员" in html


def test_organisation_is_created_through_the_form(ctx, city, login):
    client = login("committee_admin")

    resp = client.post("/admin/organization/new/", data=new_org(city.committee_a1))

    org = ctx.execute(select(Organization).where(Organization.code == "900001001321")).scalar_one()
    assert resp.status_code == 302
    assert (org.name, org.requires_approval, org.founded_on) == (
        "中共甲区第一医院儿科支部委员会", True, date(2020, 7, 1))


@pytest.mark.parametrize("changes, message", [
    ({"name": "中共乙区实验中学支部委员会"}, "党组织名称已存在，请重新输入"),
    ({"code_suffix": "12"}, "组织代码后3位须为3位数字，请重新输入"),
    ({"code_suffix": "002"}, "该组织代码已被使用，请重新输入后3位"),
])
def test_bad_new_organisation_gets_a_message_and_nothing_is_written(ctx, city, login, changes, message):
    client = login("committee_admin")

    html = client.post("/admin/organization/new/", data=new_org(city.committee_a1, **changes)).get_data(as_text=True)

    assert message in html
    assert ctx.execute(select(Organization).where(Organization.unit_name == "第一医院")).first() is None


def test_team_form_defaults_the_term_and_home_page_reminds_the_level_above(ctx, city, login):
    client = login("branch_admin")
    elected = TODAY - timedelta(days=3 * 365 - 30)

    client.post(f"/admin/orgpage/team/?id={city.branch_a1a.id}",
                data={"election_method": "1", "elected_on": elected.isoformat()})

    team = ctx.execute(select(OrgTeam)).scalar_one()
    assert team.term_ends_on == elected.replace(year=elected.year + 3)
    assert "换届提醒" not in client.get("/admin/").get_data(as_text=True)
    home = login("committee_admin").get("/admin/").get_data(as_text=True)
    assert "换届提醒" in home
    listing = login("committee_admin").get("/admin/org_team/?flt0_1=1").get_data(as_text=True)
    assert city.branch_a1a.name in listing


def test_appoint_form_shows_the_rule_that_stops_it(ctx, city, login):
    outsider = f.make_person(ctx, city.branch_a1b)
    member = f.make_person(ctx, city.branch_a1a, name="新书记")
    client = login("committee_admin")
    url = f"/admin/orgpage/appoint/?id={city.branch_a1a.id}"

    refused = client.post(url, data={"role": "secretary", "id_number": outsider.id_number,
                                     "appointed_on": TODAY.isoformat()}).get_data(as_text=True)
    client.post(url, data={"role": "secretary", "id_number": member.id_number,
                           "appointed_on": TODAY.isoformat()})

    assert "只有本组织直管党员，才能录入为组织书记" in refused
    officer = ctx.execute(select(OrgOfficer)).scalar_one()
    assert (officer.person_id, officer.role) == (member.id, "secretary")
    page = client.get(f"/admin/orgpage/?id={city.branch_a1a.id}").get_data(as_text=True)
    assert "新书记" in page


def test_revoke_form_ends_a_deputy(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    client = login("branch_admin")
    client.post(f"/admin/orgpage/appoint/?id={city.branch_a1a.id}",
                data={"role": "deputy", "id_number": person.id_number, "appointed_on": TODAY.isoformat()})
    officer = ctx.execute(select(OrgOfficer)).scalar_one()

    client.post(f"/admin/orgpage/revoke/?officer={officer.id}",
                data={"ended_on": TODAY.isoformat(), "reason": "调离"})

    ctx.expire_all()
    assert ctx.get(OrgOfficer, officer.id).status == "ended"


def test_extended_record_is_added_from_the_organisation_page_link(ctx, city, login):
    client = login("branch_operator")
    page = client.get(f"/admin/orgpage/?id={city.branch_a1a.id}").get_data(as_text=True)
    assert "/admin/orgrec_life_meeting/new/?org=" in page

    client.post("/admin/orgrec_life_meeting/new/",
                data={"org": str(city.branch_a1a.id), "held_on": TODAY.isoformat(),
                      "title": "年度民主生活会", "result": "好"})

    row = ctx.execute(select(OrgRecord)).scalar_one()
    assert (row.kind, row.org_id) == ("life_meeting", city.branch_a1a.id)
    listing = client.get(f"/admin/orgrec_life_meeting/?flt0_0={city.branch_a1a.code}").get_data(as_text=True)
    assert "年度民主生活会" in listing
    assert "年度民主生活会" not in client.get("/admin/orgrec_theme/").get_data(as_text=True)


def test_difficult_member_is_added_by_id_number_and_listed_by_type(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a, name="困难乙")
    client = login("branch_operator")

    client.post("/admin/difficult_member/new/",
                data={"id_number": person.id_number, "kind": "02", "description": "重病",
                      "since": "2024-01-01"})

    row = ctx.execute(select(DifficultMember)).scalar_one()
    assert row.person_id == person.id
    assert "困难乙" in client.get("/admin/difficult_member/?flt0_0=02").get_data(as_text=True)
    assert "困难乙" not in client.get("/admin/difficult_member/?flt0_0=01").get_data(as_text=True)


def test_difficult_member_outside_scope_gets_a_message(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1b)
    client = login("branch_operator")

    html = client.post("/admin/difficult_member/new/",
                       data={"id_number": person.id_number, "kind": "02", "description": "重病",
                             "since": "2024-01-01"}).get_data(as_text=True)

    assert "超出本组织管辖范围" in html
    assert ctx.execute(select(DifficultMember)).first() is None


def test_difficult_member_is_revoked_through_its_form(ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    client = login("branch_operator")
    client.post("/admin/difficult_member/new/",
                data={"id_number": person.id_number, "kind": "01", "description": "困难",
                      "since": "2024-01-01"})
    row = ctx.execute(select(DifficultMember)).scalar_one()

    client.post(f"/admin/difficult_member/revoke/?id={row.id}",
                data={"revoked_on": TODAY.isoformat(), "reason": "已脱困"})

    ctx.expire_all()
    assert ctx.get(DifficultMember, row.id).status == "revoked"
    assert "已撤销" in client.get("/admin/difficult_member/?flt0_1=revoked").get_data(as_text=True)


def test_assistance_is_recorded_per_person_and_shown_on_the_member_tab(app, ctx, city, login):
    from views.members.tabs import tabs_for

    person = f.make_person(ctx, city.branch_a1a, name="慰问对象")
    client = login("branch_operator")
    client.post("/admin/assistance/new/", data={"id_number": person.id_number, "given_on": TODAY.isoformat(),
                                                "form": "1", "amount": "800.00", "content": "春节慰问"})

    listing = client.get(f"/admin/assistance/?flt0_2={person.id_number}").get_data(as_text=True)
    assert "春节慰问" in listing and "800.00" in listing
    tab = next(t for t in tabs_for(person) if t.key == "difficulty")
    with app.test_request_context():
        assert "春节慰问" in tab.render(person)


def test_extended_record_is_edited_and_deleted(ctx, city, login):
    from actions.orgs import records as org_records

    row = org_records.save_record(ctx, city.branch_operator, city.branch_a1a, "theme", TODAY, "学习")
    client = login("branch_operator")

    client.post(f"/admin/orgrec_theme/edit/?id={row.id}",
                data={"org": str(city.branch_a1a.id), "held_on": TODAY.isoformat(), "title": "专题学习"})
    ctx.expire_all()
    assert ctx.get(OrgRecord, row.id).title == "专题学习"
    login("branch_viewer").post("/admin/orgrec_theme/delete/", data={"id": str(row.id)})
    assert ctx.get(OrgRecord, row.id) is not None

    client.post("/admin/orgrec_theme/delete/", data={"id": str(row.id)})
    ctx.expunge_all()
    assert ctx.get(OrgRecord, row.id) is None


def test_extended_record_cannot_be_moved_to_an_organisation_outside_scope(ctx, city, login):
    client = login("branch_operator")

    html = client.post("/admin/orgrec_theme/new/",
                       data={"org": str(city.branch_a1b.id), "held_on": TODAY.isoformat(),
                             "title": "越权"}).get_data(as_text=True)

    assert ctx.execute(select(OrgRecord)).first() is None
    assert "is-invalid" in html  # the scoped picker does not know the organisation


def test_bulk_delete_of_extended_records_removes_only_rows_in_scope(ctx, city, login):
    from actions.orgs import records as org_records

    own = org_records.save_record(ctx, city.city_admin, city.branch_a1a, "openness", TODAY, "公开一")
    other = org_records.save_record(ctx, city.city_admin, city.branch_a1b, "openness", TODAY, "公开二")
    client = login("branch_operator")

    client.post("/admin/orgrec_openness/action/",
                data={"action": "delete", "rowid": [str(own.id), str(other.id)]})

    ctx.expunge_all()
    assert ctx.get(OrgRecord, own.id) is None
    assert ctx.get(OrgRecord, other.id) is not None


def test_the_team_reminder_counts_the_rows_the_due_filter_lists(ctx, city, login):
    import re

    from actions.orgs import team as org_team

    soon, ended = TODAY + timedelta(days=30), TODAY - timedelta(days=30)
    for actor, org, elected, ends in (
            (city.branch_admin, city.branch_a1a, date(2020, 1, 1), soon),
            (city.sibling_admin, city.branch_a1b, date(2019, 1, 1), ended),
            (city.district_b_admin, city.branch_b1, date(2020, 1, 1), soon),  # another district
            (city.committee_admin, city.committee_a1, TODAY - timedelta(days=400), None)):
        org_team.save_team(ctx, actor, org, org_team.TeamFields("1", elected, ends))
    client = login("district_admin")

    home = client.get("/admin/").get_data(as_text=True)
    listing = client.get("/admin/org_team/?flt0_1=1").get_data(as_text=True)

    count = re.search(r"换届提醒[^<]*</a>\s*<span[^>]*>(\d+)</span>", home)
    listed = [o.name for o in (city.branch_a1a, city.branch_a1b, city.branch_b1,
                               city.committee_a1) if o.name in listing]
    assert listed == [city.branch_a1a.name, city.branch_a1b.name]
    assert count and int(count.group(1)) == len(listed)
