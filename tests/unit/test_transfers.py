"""Transfers: 市内 waits for the receiver, 市外 leaves the roll, letters are numbered per year."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from actions import clock
from actions.errors import Conflict, NotInScope, RuleViolation
from actions.members import membership, transfers
from actions.orgs import changes
from actions.scoping import scope
from models import Organization, Person, Transfer, path_bounds
from tests import factories as f


def fields(to=None, **kw):
    values = dict(direction="in_city" if to else "out_city", issued_on=clock.today(), valid_days=30,
                  to_org_id=to.id if to else None, to_org_name=None if to else "外省某党委")
    values.update(kw)
    return transfers.TransferFields(**values)


@pytest.fixture
def member(ctx, city):
    return f.make_person(ctx, city.branch_a1a, name="转出人")


def test_in_city_transfer_waits_and_the_member_stays_until_accepted(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))

    assert t.status == "pending"
    assert (member.org_id, member.status) == (city.branch_a1a.id, "transfer_pending")


def test_receiver_accepts_and_only_then_the_organisation_changes(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))

    transfers.accept(ctx, city.district_b_admin, t.id)

    ctx.expire_all()
    person = ctx.get(Person, member.id)
    assert (person.org_id, person.org_path, person.status) == (
        city.branch_b1.id, city.branch_b1.path, "normal")
    assert ctx.get(Transfer, t.id).status == "accepted"
    assert [c.kind for c in membership.history(ctx, member.id)] == ["transfer_in"]


def test_receiver_picked_outside_the_senders_subtree_is_allowed(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))

    assert t.to_org_id == city.branch_b1.id


def test_receiver_rejects_with_reason_and_the_member_stays(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))

    with pytest.raises(RuleViolation):
        transfers.reject(ctx, city.district_b_admin, t.id, " ")
    ctx.rollback()
    transfers.reject(ctx, city.district_b_admin, t.id, "不属于本单位")

    ctx.expire_all()
    person = ctx.get(Person, member.id)
    assert (person.org_id, person.status) == (city.branch_a1a.id, "normal")
    assert ctx.get(Transfer, t.id).reason == "不属于本单位"


def test_sender_can_cancel_while_pending_but_not_after_acceptance(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))
    transfers.cancel(ctx, city.branch_admin, t.id)
    assert ctx.get(Person, member.id).status == "normal"

    t2 = transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))
    transfers.accept(ctx, city.district_b_admin, t2.id)

    with pytest.raises(Conflict):
        transfers.cancel(ctx, city.city_admin, t2.id)


def test_sender_cannot_accept_its_own_transfer(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))

    with pytest.raises(NotInScope):
        transfers.accept(ctx, city.branch_admin, t.id)


def test_receiver_cannot_cancel(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))

    with pytest.raises(NotInScope):
        transfers.cancel(ctx, city.district_b_admin, t.id)


def test_out_of_city_transfer_takes_the_member_off_the_roll_without_deleting(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id, fields())

    assert t.status == "issued"
    assert ctx.get(Person, member.id).status == "transferred_out"


def test_letter_numbers_run_per_issuing_organisation_per_year(ctx, city):
    a = [f.make_person(ctx, city.branch_a1a, name=f"甲{i}") for i in range(2)]
    b = f.make_person(ctx, city.branch_a1b, name="乙")
    old = f.make_person(ctx, city.branch_a1a, name="去年")

    t1 = transfers.issue(ctx, city.committee_admin, a[0].id, fields())
    t2 = transfers.issue(ctx, city.committee_admin, a[1].id, fields())
    t3 = transfers.issue(ctx, city.committee_admin, b.id, fields())
    t4 = transfers.issue(ctx, city.committee_admin, old.id,
                         fields(issued_on=date(clock.today().year - 1, 12, 30)))

    assert [t1.letter_seq, t2.letter_seq, t3.letter_seq, t4.letter_seq] == [1, 2, 1, 1]
    assert t2.letter_no == f"{city.branch_a1a.code}-{clock.today().year}-002"


@pytest.mark.parametrize("kw, field", [
    ({"direction": "in_city", "to_org_id": None}, "to_org"),
    ({"direction": "out_city", "to_org_name": " "}, "to_org_name"),
    ({"direction": "sideways"}, "direction"),
    ({"issued_on": None}, "issued_on"),
    ({"issued_on": clock.today() + timedelta(days=1)}, "issued_on"),
    ({"valid_days": 0}, "valid_days"),
    ({"valid_days": 181}, "valid_days"),
])
def test_bad_transfer_input_is_refused_and_nothing_changes(ctx, city, member, kw, field):
    with pytest.raises(RuleViolation) as err:
        transfers.issue(ctx, city.branch_admin, member.id, fields(**kw))

    assert err.value.field == field
    ctx.rollback()
    assert ctx.get(Person, member.id).status == "normal"
    assert ctx.query(Transfer).count() == 0


def test_dissolved_receiver_cannot_be_chosen(ctx, city, member):
    city.branch_b1.status = "dissolved"
    ctx.commit()

    with pytest.raises(RuleViolation):
        transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))


def test_member_not_on_normal_status_cannot_be_transferred(ctx, city, member):
    transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))

    with pytest.raises(RuleViolation):
        transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_a1b))


def test_expired_letter_needs_an_explanation_to_be_accepted(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id,
                        fields(city.branch_b1, issued_on=clock.today() - timedelta(days=40)))

    with pytest.raises(RuleViolation) as err:
        transfers.accept(ctx, city.district_b_admin, t.id)
    assert err.value.field == "expired_note"
    ctx.rollback()
    transfers.accept(ctx, city.district_b_admin, t.id, expired_note="本人住院，延误报到")

    assert ctx.get(Transfer, t.id).expired_note == "本人住院，延误报到"


def test_receipt_overdue_after_a_month_until_marked_returned(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id,
                        fields(issued_on=clock.today() - timedelta(days=31)))
    assert transfers.receipt_overdue(t)
    assert ctx.query(Transfer).filter(*transfers.overdue_clause()).count() == 1

    transfers.mark_receipt(ctx, city.branch_admin, t, clock.today())

    assert not transfers.receipt_overdue(t)
    assert ctx.query(Transfer).filter(*transfers.overdue_clause()).count() == 0


def test_recent_receipt_is_not_overdue(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id,
                        fields(issued_on=clock.today() - timedelta(days=29)))

    assert not transfers.receipt_overdue(t)


def test_re_parenting_either_side_moves_a_pending_transfer_to_its_new_superiors(ctx, city, member):
    t = transfers.issue(ctx, city.branch_admin, member.id, fields(city.branch_b1))

    changes.move_org(ctx, city.city_admin, city.branch_b1, city.committee_a1.id, "009",
                     clock.today())
    changes.move_org(ctx, city.city_admin, city.committee_a1, city.district_b.id, "008",
                     clock.today())

    ctx.expire_all()
    moved = ctx.get(Transfer, t.id)
    branch_a1a, branch_b1 = (ctx.get(Organization, o.id) for o in (city.branch_a1a, city.branch_b1))
    assert (moved.from_org_path, moved.to_org_path) == (branch_a1a.path, branch_b1.path)
    lo, hi = path_bounds(ctx.get(Organization, city.district_b.id).path)
    assert lo < moved.to_org_path < hi and lo < moved.from_org_path < hi
    seen = {u: ctx.execute(scope(select(Transfer.id), getattr(city, u), Transfer)).scalars().all()
            for u in ("district_admin", "district_b_admin")}
    assert seen == {"district_admin": [], "district_b_admin": [t.id]}
    transfers.accept(ctx, city.district_b_admin, t.id)   # the new superior receives him
    assert ctx.get(Person, member.id).org_path == branch_b1.path
