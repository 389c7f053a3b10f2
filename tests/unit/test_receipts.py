"""A letter's receipt is recorded with its real return date; changing it asks and is audited."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from actions import clock
from actions.errors import RuleViolation
from actions.members import transfers
from models import AuditLog, Transfer
from tests import factories as f


@pytest.fixture
def letter(ctx, city):
    person = f.make_person(ctx, city.branch_a1a, "转出人")
    return f.make_transfer(ctx, person, None, status="issued",
                           issued_on=clock.today() - timedelta(days=45))


def test_a_receipt_is_recorded_with_the_day_it_really_came_back(ctx, city, letter):
    last_week = clock.today() - timedelta(days=7)

    transfers.mark_receipt(ctx, city.branch_admin, letter, last_week)

    ctx.expire_all()
    assert ctx.get(Transfer, letter.id).receipt_returned_on == last_week


@pytest.mark.parametrize("days, message", [(-46, "不能早于介绍信"), (1, "不能晚于今天")])
def test_a_return_date_before_the_letter_or_in_the_future_is_refused_at_the_field(
        ctx, city, letter, days, message):
    with pytest.raises(RuleViolation) as err:
        transfers.mark_receipt(ctx, city.branch_admin, letter, clock.today() + timedelta(days=days))

    assert message in err.value.message and err.value.field == "receipt_returned_on"
    ctx.expire_all()
    assert ctx.get(Transfer, letter.id).receipt_returned_on is None


def test_recording_again_asks_before_changing_and_the_audit_log_keeps_the_old_date(ctx, city, letter):
    first, second = clock.today() - timedelta(days=10), clock.today() - timedelta(days=3)
    transfers.mark_receipt(ctx, city.branch_admin, letter, first)

    with pytest.raises(transfers.ReceiptRecorded) as asked:
        transfers.mark_receipt(ctx, city.branch_admin, letter, second)
    assert first.isoformat() in asked.value.message and second.isoformat() in asked.value.message
    ctx.rollback()
    ctx.expire_all()
    assert ctx.get(Transfer, letter.id).receipt_returned_on == first

    transfers.mark_receipt(ctx, city.branch_admin, ctx.get(Transfer, letter.id), second, replace=True)

    ctx.expire_all()
    assert ctx.get(Transfer, letter.id).receipt_returned_on == second
    change = ctx.execute(select(AuditLog).where(AuditLog.object_type == "transfer",
                                                AuditLog.action == "update")
                         .order_by(AuditLog.id.desc())).scalars().first()
    assert json.loads(change.changes)["receipt_returned_on"] == [first.isoformat(), second.isoformat()]


def test_several_letters_are_recorded_all_or_none(ctx, city, letter):
    other = f.make_transfer(ctx, f.make_person(ctx, city.branch_a1a, "另一人"), None, status="issued",
                            issued_on=clock.today() - timedelta(days=5))

    with pytest.raises(RuleViolation):  # before the second letter's date
        transfers.record_receipts(ctx, city.branch_admin, [letter, other],
                                  clock.today() - timedelta(days=20))

    ctx.expire_all()
    assert {t.receipt_returned_on for t in ctx.query(Transfer)} == {None}


def test_the_overdue_clause_counts_days_past_the_receipt_month(ctx, city, letter):
    assert transfers.overdue_days(letter) == 15
    assert ctx.query(Transfer).filter(*transfers.overdue_clause(days=15)).count() == 1
    assert ctx.query(Transfer).filter(*transfers.overdue_clause(days=16)).count() == 0
