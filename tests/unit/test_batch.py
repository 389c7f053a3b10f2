"""Batch entry: members without the record, select some or all (confirmed), bulk delete."""
from datetime import date

import pytest

from actions import batch
from actions.errors import Conflict, NotInScope, RuleViolation
from models import Activity, AuditLog, DuesPayment
from tests import factories as f

ACTIVITY = {"title": "七一主题党日", "held_on": date(2024, 7, 1)}


def _data(kind="activity", values=ACTIVITY):
    return batch.clean(kind, values)


def _names(session, user, kind, data, target, added):
    return sorted(p.name for p in batch.page(session, user, kind, data, target, added, 1, 1000))


@pytest.fixture
def members(ctx, city):
    own = [f.make_person(ctx, city.branch_a1a, f"甲{i}") for i in range(3)]
    sibling = f.make_person(ctx, city.branch_a1b, "乙0")
    f.make_person(ctx, city.branch_b1, "丙0")
    f.make_person(ctx, city.branch_a1a, "申请人", stage="applicant")
    f.make_person(ctx, city.branch_a1a, "已转出", status="transferred_out")
    return own + [sibling]


def test_confirm_lists_members_without_the_record_and_query_added_those_with_it(ctx, city, members):
    data, target = _data(), batch.Target(city.committee_a1.id)
    batch.add(ctx, city.committee_admin, "activity", data, target, [members[0].id])

    assert _names(ctx, city.committee_admin, "activity", data, target, False) == ["乙0", "甲1", "甲2"]
    assert _names(ctx, city.committee_admin, "activity", data, target, True) == ["甲0"]


def test_select_all_adds_to_every_matching_member_beyond_the_visible_page(ctx, city, members):
    data, target = _data(), batch.Target(city.committee_a1.id)
    shown = batch.page(ctx, city.committee_admin, "activity", data, target, False, 1, 2)
    total = batch.count(ctx, city.committee_admin, "activity", data, target, False)

    added = batch.add(ctx, city.committee_admin, "activity", data, target, everyone=True,
                      expected=total)

    assert len(shown) == 2 and total == 4 and added == 4
    assert ctx.query(Activity).count() == 4
    assert batch.count(ctx, city.committee_admin, "activity", data, target, False) == 0


def test_select_all_refuses_when_the_count_changed_since_confirmation(ctx, city, members):
    data, target = _data(), batch.Target(city.committee_a1.id)

    with pytest.raises(Conflict, match="现为 4 人"):
        batch.add(ctx, city.committee_admin, "activity", data, target, everyone=True, expected=3)

    assert ctx.query(Activity).count() == 0


def test_chosen_ids_outside_the_scope_or_already_added_are_ignored(ctx, city, members):
    data, target = _data(), batch.Target(city.branch_a1a.id)
    stranger = f.make_person(ctx, city.branch_b1, "外人")

    added = batch.add(ctx, city.branch_admin, "activity", data, target,
                      [members[0].id, members[3].id, stranger.id])
    again = batch.add(ctx, city.branch_admin, "activity", data, target, [members[0].id])

    assert (added, again) == (1, 0)
    assert [a.person_id for a in ctx.query(Activity)] == [members[0].id]


def test_a_target_organisation_outside_the_scope_is_refused(ctx, city, members):
    with pytest.raises(NotInScope):
        batch.count(ctx, city.branch_admin, "activity", _data(), batch.Target(city.branch_a1b.id),
                    False)


def test_own_organisation_only_leaves_out_the_subtree(ctx, city, members):
    f.make_person(ctx, city.committee_a1, "本级")
    target = batch.Target(city.committee_a1.id, subtree=False)

    assert _names(ctx, city.committee_admin, "activity", _data(), target, False) == ["本级"]


def test_nothing_chosen_is_refused(ctx, city, members):
    with pytest.raises(RuleViolation, match="请先勾选"):
        batch.add(ctx, city.branch_admin, "activity", _data(), batch.Target(), [])


def test_bulk_add_and_delete_are_audited_as_one_entry_each(ctx, city, members):
    data, target = _data(), batch.Target(city.branch_a1a.id)
    batch.add(ctx, city.branch_admin, "activity", data, target, everyone=True, expected=3)

    removed = batch.remove(ctx, city.branch_admin, "activity", data, target,
                           [members[0].id, members[1].id])

    assert removed == 2 and ctx.query(Activity).count() == 1
    actions = [a.action for a in ctx.query(AuditLog).filter_by(object_type="activity").order_by(AuditLog.id)]
    assert actions == ["bulk_insert", "bulk_delete"]


def test_batch_dues_skip_members_who_paid_any_of_the_months(ctx, city, members):
    data = _data("dues", {"dues_class": "student", "month_from": date(2024, 1, 1),
                          "month_to": date(2024, 6, 1), "paid_on": date(2024, 6, 30)})
    target = batch.Target(city.branch_a1a.id)
    f_data = _data("dues", {"dues_class": "student", "month_from": date(2024, 6, 1),
                            "paid_on": date(2024, 6, 30)})
    batch.add(ctx, city.branch_admin, "dues", f_data, target, [members[0].id])

    added = batch.add(ctx, city.branch_admin, "dues", data, target, everyone=True, expected=2)

    amounts = sorted(str(d.amount) for d in ctx.query(DuesPayment))
    assert added == 2 and amounts == ["0.20", "1.20", "1.20"]


def test_batch_evaluation_is_one_per_year(ctx, city, members):
    data = _data("evaluation", {"year": 2023, "evaluated_on": date(2024, 1, 5), "grade": "2"})
    target = batch.Target(city.branch_a1a.id)
    batch.add(ctx, city.branch_admin, "evaluation", data, target, [members[0].id])
    other_grade = _data("evaluation", {"year": 2023, "evaluated_on": date(2024, 1, 5), "grade": "1"})

    assert batch.count(ctx, city.branch_admin, "evaluation", other_grade, target, False) == 2


def test_batch_delegates_skip_members_already_delegates_of_that_level_and_term(ctx, city, members):
    data = _data("delegate", {"level": "3", "term": 11, "delegation": "卫生团"})
    target = batch.Target(city.branch_a1a.id)
    batch.add(ctx, city.branch_admin, "delegate", data, target, [members[0].id])

    added = batch.add(ctx, city.branch_admin, "delegate", data, target, everyone=True, expected=2)
    other_term = batch.count(ctx, city.branch_admin, "delegate",
                             _data("delegate", {"level": "3", "term": 12}), target, False)

    from models import Delegate
    assert added == 2 and other_term == 3
    assert {d.status for d in ctx.query(Delegate)} == {"active"}


def test_a_capped_count_stops_one_past_the_cap(ctx, city, members):
    target = batch.Target(city.committee_a1.id)

    capped = batch.count(ctx, city.committee_admin, "activity", _data(), target, False, cap=2)
    exact = batch.count(ctx, city.committee_admin, "activity", _data(), target, False)

    assert (capped, exact) == (3, 4)
