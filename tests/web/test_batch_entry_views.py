"""Batch-entry screen: 确定 and 查询已添加 differ visibly; select all is confirmed with its count."""
import re
from datetime import date
from urllib.parse import urlencode

from models import Activity, AuditLog, Evaluation
from tests import factories as f

RECORD = {"kind": "activity", "filled": "1", "title": "七一主题党日", "held_on": "2024-07-01",
          "org": "", "subtree": "y"}


def _query(**extra):
    return urlencode({**RECORD, **extra})


def _members(ctx, org, n, prefix="党员"):
    return [f.make_person(ctx, org, f"{prefix}{i}") for i in range(n)]


def test_the_two_buttons_say_plainly_which_members_they_list(app, ctx, city, login):
    client = login("branch_operator")

    html = client.get("/admin/batch/?kind=activity").get_data(as_text=True)

    assert 'id="btn-pending"' in html and "确定 — 查询<u>还没有</u>这条记录的党员" in html
    assert 'id="btn-added"' in html and "查询已添加 — 查询<u>已经有</u>这条记录的党员" in html
    assert "用于<strong>添加</strong>" in html and "用于<strong>查看或删除</strong>" in html


def test_confirm_lists_only_members_of_the_scope_without_the_record(app, ctx, city, login):
    people = _members(ctx, city.branch_a1a, 3)
    _members(ctx, city.branch_a1b, 1, "兄弟")
    ctx.add(Activity(person_id=people[0].id, title="七一主题党日", held_on=date(2024, 7, 1)))
    ctx.commit()
    client = login("branch_operator")

    pending = client.get(f"/admin/batch/?{_query(mode='pending')}").get_data(as_text=True)
    added = client.get(f"/admin/batch/?{_query(mode='added')}").get_data(as_text=True)

    assert "<strong>尚未添加</strong>" in pending and 'id="result-total">2<' in pending
    assert "党员1" in pending and "党员0" not in pending and "兄弟" not in pending
    assert "<strong>已添加</strong>" in added and "党员0" in added and "党员1" not in added


def test_select_all_beyond_the_page_asks_to_confirm_the_count_then_adds_to_everyone(app, ctx, city, login):
    _members(ctx, city.branch_a1a, 55)  # more than one page of 50
    client = login("branch_operator")
    page = client.get(f"/admin/batch/?{_query(mode='pending')}").get_data(as_text=True)
    query = re.search(r'name="query" value="([^"]+)"', page).group(1).replace("&amp;", "&")

    confirm = client.post("/admin/batch/add/", data={"query": query, "everyone": "1"})
    nothing_yet = ctx.query(Activity).count()
    done = client.post("/admin/batch/add/", data={"query": query, "everyone": "1",
                                                  "confirmed": "1", "expected": "55"})

    assert page.count('name="person_id"') == 50
    assert 'id="confirm-total">55<' in confirm.get_data(as_text=True) and nothing_yet == 0
    assert done.status_code == 302 and "mode=added" in done.headers["Location"]
    assert ctx.query(Activity).count() == 55
    assert ctx.query(AuditLog).filter_by(action="bulk_insert", object_type="activity").count() == 1


def test_select_all_with_a_stale_count_writes_nothing(app, ctx, city, login):
    _members(ctx, city.branch_a1a, 3)
    client = login("branch_operator")

    client.post("/admin/batch/add/", data={"query": _query(mode="pending"), "everyone": "1",
                                           "confirmed": "1", "expected": "2"})

    assert ctx.query(Activity).count() == 0


def test_chosen_members_get_the_record_and_bulk_delete_removes_it(app, ctx, city, login):
    people = _members(ctx, city.branch_a1a, 3)
    client = login("branch_operator")
    ids = [str(p.id) for p in people[:2]]

    client.post("/admin/batch/add/", data={"query": _query(mode="pending"), "person_id": ids})
    after_add = ctx.query(Activity).count()
    client.post("/admin/batch/remove/", data={"query": _query(mode="added"), "person_id": ids[:1]})

    assert after_add == 2
    assert [a.person_id for a in ctx.query(Activity)] == [people[1].id]


def test_viewer_cannot_add_in_batch(app, ctx, city, login):
    people = _members(ctx, city.branch_a1a, 1)
    client = login("branch_viewer")

    client.post("/admin/batch/add/", data={"query": _query(mode="pending"),
                                           "person_id": [str(people[0].id)]})

    assert ctx.query(Activity).count() == 0


def test_a_target_organisation_outside_the_scope_shows_an_error_and_lists_nobody(app, ctx, city, login):
    _members(ctx, city.branch_a1b, 2, "兄弟")
    client = login("branch_operator")

    html = client.get(f"/admin/batch/?{_query(mode='pending', org=city.branch_a1b.code)}").get_data(as_text=True)

    assert "本组织管辖范围内没有该党组织" in html and "兄弟" not in html


def test_missing_record_fields_are_marked_and_nothing_is_listed(app, ctx, city, login):
    _members(ctx, city.branch_a1a, 1)
    client = login("branch_operator")

    html = client.get(f"/admin/batch/?{_query(mode='pending', title='')}").get_data(as_text=True)

    assert "请填写活动名称" in html and 'id="batch-result"' not in html


def test_batch_evaluation_through_the_screen(app, ctx, city, login):
    people = _members(ctx, city.branch_a1a, 2)
    client = login("branch_operator")
    query = urlencode({"kind": "evaluation", "filled": "1", "year": "2023",
                       "evaluated_on": "2024-01-10", "grade": "1", "subtree": "y"})

    client.post("/admin/batch/add/", data={"query": query, "person_id": [str(p.id) for p in people]})

    assert sorted(e.grade for e in ctx.query(Evaluation)) == ["1", "1"]


def test_delegates_are_entered_in_batch_like_records(app, ctx, city, login):
    from models import Delegate

    people = _members(ctx, city.branch_a1a, 2)
    client = login("branch_operator")
    query = urlencode({"kind": "delegate", "filled": "1", "level": "3", "term": "11",
                       "delegation": "卫生团", "subtree": "y"})

    client.post("/admin/batch/add/", data={"query": query, "everyone": "1", "confirmed": "1",
                                           "expected": "2"})
    added = client.get(f"/admin/batch/?{query}&mode=added").get_data(as_text=True)

    assert sorted(d.person_id for d in ctx.query(Delegate)) == sorted(p.id for p in people)
    assert 'id="result-total">2<' in added
