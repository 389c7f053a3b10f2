"""Member-record screens: tabs on the member page, add/edit/delete from them, dues reminder."""
from datetime import date

from models import Activity, DuesPayment
from tests import factories as f
from views.members.tabs import tabs_for


def test_each_record_kind_registers_a_member_page_tab(app, ctx, city):
    person = f.make_person(ctx, city.branch_a1a)

    keys = [t.key for t in tabs_for(person)]

    assert {"records_activity", "records_dues", "records_evaluation", "records_reward",
            "records_punishment"} <= set(keys)


def test_activity_tab_lists_records_with_add_edit_and_delete_links(app, ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    ctx.add(Activity(person_id=person.id, title="学习二十大", held_on=date(2024, 3, 1)))
    ctx.commit()
    tab = next(t for t in tabs_for(person) if t.key == "records_activity")

    with app.test_request_context("/admin/member/?id=1"):
        from flask_login import login_user
        login_user(city.branch_admin)
        html = str(tab.render(person))

    assert "学习二十大" in html
    assert f"/admin/activity_record/new/?person_id={person.id}" in html
    assert "/admin/activity_record/edit/?id=" in html and "/admin/activity_record/delete/" in html


def test_operator_adds_dues_from_the_member_page_with_the_computed_amount(app, ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a, category="04")
    client = login("branch_operator")

    form = client.get(f"/admin/dues_record/new/?person_id={person.id}").get_data(as_text=True)
    resp = client.post(f"/admin/dues_record/new/?person_id={person.id}", data={
        "person": str(person.id), "month_from": "2024-01", "month_to": "2024-03",
        "paid_on": "2024-03-05", "dues_class": "retired", "income_base": "6000"})

    assert 'value="retired" selected' in form or "selected value=\"retired\"" in form
    assert resp.status_code == 302
    row = ctx.query(DuesPayment).one()
    assert (str(row.monthly_amount), str(row.amount)) == ("60.00", "180.00")


def test_an_override_without_reason_is_refused_at_the_field_and_nothing_saved(app, ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    client = login("branch_operator")

    resp = client.post(f"/admin/dues_record/new/?person_id={person.id}", data={
        "person": str(person.id), "month_from": "2024-01", "paid_on": "2024-03-05",
        "dues_class": "employed", "income_base": "4000", "monthly_amount": "5"})

    assert resp.status_code == 200
    assert "请填写调整理由" in resp.get_data(as_text=True)
    assert ctx.query(DuesPayment).count() == 0


def test_operator_edits_and_deletes_an_activity(app, ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    row = Activity(person_id=person.id, title="旧名称", held_on=date(2024, 3, 1))
    ctx.add(row)
    ctx.commit()
    client = login("branch_operator")

    client.post(f"/admin/activity_record/edit/?id={row.id}",
                data={"title": "新名称", "held_on": "2024-03-02"})
    ctx.expire_all()
    renamed = ctx.get(Activity, row.id).title
    client.post("/admin/activity_record/delete/", data={"id": str(row.id)})

    assert renamed == "新名称"
    assert ctx.query(Activity).count() == 0


def test_home_page_flags_members_six_months_behind_with_dues(app, ctx, city, login):
    f.make_person(ctx, city.branch_a1a, "欠费党员")
    client = login("branch_admin")

    home = client.get("/admin/").get_data(as_text=True)
    listing = client.get("/admin/dues_arrears/").get_data(as_text=True)

    assert "连续6个月以上未交纳党费的党员" in home
    assert "欠费党员" in listing


def test_a_platform_that_just_went_live_flags_no_member_who_never_paid(app, ctx, city, login,
                                                                        monkeypatch):
    monkeypatch.setitem(app.config, "DUES_RECORDED_SINCE", None)
    f.make_person(ctx, city.branch_a1a, "新上线")  # the test city went live this month
    client = login("branch_admin")

    listing = client.get("/admin/dues_arrears/").get_data(as_text=True)

    assert "新上线" not in listing


def test_list_delete_action_removes_the_checked_records_on_every_engine(app, ctx, city, login):
    person = f.make_person(ctx, city.branch_a1a)
    rows = [Activity(person_id=person.id, title=f"活动{i}", held_on=date(2024, 3, 1)) for i in range(3)]
    ctx.add_all(rows)
    ctx.commit()
    client = login("branch_operator")

    resp = client.post("/admin/activity_record/action/",
                       data={"action": "delete", "rowid": [str(rows[0].id), str(rows[1].id)]})

    assert resp.status_code == 302
    assert [a.title for a in ctx.query(Activity)] == ["活动2"]


def test_record_list_filtered_by_person_says_whose_records_it_shows(app, ctx, city, login):
    mine, other = f.make_person(ctx, city.branch_a1a, "本人"), f.make_person(ctx, city.branch_a1a, "他人")
    ctx.add_all([Activity(person_id=mine.id, title="本人的活动", held_on=date(2024, 3, 1)),
                 Activity(person_id=other.id, title="他人的活动", held_on=date(2024, 3, 1))])
    ctx.commit()
    client = login("branch_viewer")

    html = client.get(f"/admin/activity_record/?person_id={mine.id}").get_data(as_text=True)

    assert "仅显示 本人 的活动记录" in html
    assert "本人的活动" in html and "他人的活动" not in html
