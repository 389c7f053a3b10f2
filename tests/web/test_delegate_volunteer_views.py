"""Delegate and volunteer screens: entry by ID number, qualification page, statistics, query."""
from datetime import date

from models import Delegate, Volunteer
from tests import factories as f


def test_delegate_is_entered_by_id_number_and_found_by_level(app, ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a, "代表甲")
    ctx.add(Delegate(person_id=f.make_person(ctx, city.branch_a1a, "省代表乙").id, level="2", term=12))
    ctx.commit()
    client = login("branch_operator")

    client.post("/admin/delegate/new/", data={"id_number": person.id_number, "level": "3",
                                              "term": "11", "delegation": "卫生团"})
    listing = client.get("/admin/delegate/?flt0_1=3").get_data(as_text=True)

    assert ctx.query(Delegate).filter_by(person_id=person.id).one().delegation == "卫生团"
    assert "代表甲" in listing and "省代表乙" not in listing


def test_an_unknown_id_number_is_refused_at_the_field(app, ctx, city, login):
    client = login("branch_operator")

    html = client.post("/admin/delegate/new/", data={"id_number": "123", "level": "3",
                                                     "term": "11"}).get_data(as_text=True)

    assert "身份证号码应为18位" in html and ctx.query(Delegate).count() == 0


def test_terminating_on_the_qualification_page_needs_date_and_reason(app, ctx, city, login):
    row = Delegate(person_id=f.make_person(ctx, city.branch_a1a).id, level="3", term=11)
    ctx.add(row)
    ctx.commit()
    client = login("branch_operator")
    url = f"/admin/delegate/qualification/?id={row.id}"

    page = client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"status": "changed", "change": "terminated", "on": "2024-05-01",
                                     "reason": ""}).get_data(as_text=True)
    client.post(url, data={"status": "changed", "change": "terminated", "on": "2024-05-01",
                           "reason": "调离"})

    assert 'type="reset" class="btn btn-secondary ml-2" id="qualification-cancel">取消' in page
    assert "请填写终止资格原因" in refused
    ctx.expire_all()
    assert (row.status, row.terminated_on) == ("terminated", date(2024, 5, 1))


def test_qualification_page_of_a_sibling_delegate_is_not_found(app, ctx, city, login):
    row = Delegate(person_id=f.make_person(ctx, city.branch_a1b).id, level="3", term=11)
    ctx.add(row)
    ctx.commit()
    client = login("branch_operator")

    get = client.get(f"/admin/delegate/qualification/?id={row.id}")
    post = client.post(f"/admin/delegate/qualification/?id={row.id}",
                       data={"status": "changed", "change": "terminated", "on": "2024-05-01",
                             "reason": "x"})

    assert get.status_code == 404 and post.status_code == 404
    ctx.expire_all()
    assert row.status == "active"


def test_statistics_page_shows_percentages_of_the_jurisdiction(app, ctx, city, login):
    a, b = f.make_person(ctx, city.branch_a1a), f.make_person(ctx, city.branch_a1b)
    ctx.add_all([Delegate(person_id=a.id, level="2", term=12), Delegate(person_id=a.id, level="3", term=11),
                 Delegate(person_id=b.id, level="3", term=11)])
    ctx.commit()
    client = login("committee_admin")

    html = client.get("/admin/delegate_stats/?filled=1&overlap=2&overlap=3&include=2&exclude=3"
                      "&terms=11,12&joint_levels=2&joint_terms=2").get_data(as_text=True)

    assert 'id="stats-base">2<' in html
    assert "层级重叠：既是省党代表、又是市党代表" in html and "50.0%" in html


def test_volunteer_is_registered_queried_by_category_and_shown_in_details(app, ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a, "志愿甲", phone="13800000000")
    other = f.make_person(ctx, city.branch_a1a, "志愿乙")
    ctx.add(Volunteer(person_id=other.id, category="02", service_time="1", intention="助老",
                      registered_on=date(2024, 1, 1)))
    ctx.commit()
    client = login("branch_operator")

    client.post("/admin/volunteer/new/", data={
        "id_number": person.id_number, "category": "03", "service_time": "2",
        "intention": "社区义诊", "registered_on": "2024-03-01"})
    row = ctx.query(Volunteer).filter_by(person_id=person.id).one()
    listing = client.get("/admin/volunteer/?flt0_1=03").get_data(as_text=True)
    details = client.get(f"/admin/volunteer/details/?id={row.id}").get_data(as_text=True)

    assert "志愿甲" in listing and "志愿乙" not in listing
    assert "社区义诊" in details and person.id_number in details and "双休日" in details


def test_volunteers_are_searched_by_the_persons_name_initials(app, ctx, city, login):
    for name in ("张三", "李四"):
        ctx.add(Volunteer(person_id=f.make_person(ctx, city.branch_a1a, name).id, category="01",
                          service_time="4", intention="宣讲", registered_on=date(2024, 1, 1)))
    ctx.commit()
    client = login("branch_operator")

    html = client.get("/admin/volunteer/?search=zs").get_data(as_text=True)

    assert "张三" in html and "李四" not in html
