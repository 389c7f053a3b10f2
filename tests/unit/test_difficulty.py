"""Members in difficulty (困难党员) and assistance (慰问) records."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from actions import clock
from actions.errors import DomainError, NotInScope
from actions.orgs import difficulty as d
from tests import factories as f

TODAY = clock.today()
SINCE = date(2024, 1, 1)


def test_member_in_scope_is_registered_by_id_number(ctx, city):
    person = f.make_person(ctx, city.branch_a1a, name="困难甲")

    row = d.add_difficult(ctx, city.branch_operator, person.id_number.lower(), "02", "长期患病", SINCE)

    assert (row.person_id, row.kind, row.status) == (person.id, "02", "active")


def test_member_outside_scope_is_refused(ctx, city):
    person = f.make_person(ctx, city.branch_a1b)

    with pytest.raises(NotInScope):
        d.add_difficult(ctx, city.branch_operator, person.id_number, "01", "困难", SINCE)


@pytest.mark.parametrize("kind, text, since, message", [
    ("xx", "困难", SINCE, "请选择困难类型"),
    ("01", " ", SINCE, "请填写困难情况"),
    ("01", "困难", None, "请填写困难起始日期"),
    ("01", "困难", TODAY + timedelta(days=1), "不能晚于今天"),
])
def test_entry_is_validated(ctx, city, kind, text, since, message):
    person = f.make_person(ctx, city.branch_a1a)

    with pytest.raises(DomainError, match=message):
        d.add_difficult(ctx, city.branch_operator, person.id_number, kind, text, since)


def test_unknown_or_invalid_id_numbers_are_refused(ctx, city):
    with pytest.raises(DomainError, match="18位"):
        d.add_difficult(ctx, city.branch_operator, "123", "01", "困难", SINCE)
    with pytest.raises(DomainError, match="未找到"):
        d.add_difficult(ctx, city.branch_operator, f.id_number(), "01", "困难", SINCE)


def test_non_members_cannot_be_registered(ctx, city):
    person = f.make_person(ctx, city.branch_a1a, stage="activist")

    with pytest.raises(DomainError, match="不是在册党员"):
        d.add_difficult(ctx, city.branch_operator, person.id_number, "01", "困难", SINCE)


def test_one_active_record_per_member_and_revoke_keeps_history(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    row = d.add_difficult(ctx, city.branch_operator, person.id_number, "01", "困难", SINCE)
    with pytest.raises(DomainError, match="已登记为困难党员"):
        d.add_difficult(ctx, city.branch_operator, person.id_number, "02", "又病了", SINCE)

    d.revoke_difficult(ctx, city.branch_operator, row, TODAY, "已脱困")
    again = d.add_difficult(ctx, city.branch_operator, person.id_number, "02", "又病了", TODAY)

    assert (row.status, row.revoked_on, row.revoke_reason) == ("revoked", TODAY, "已脱困")
    assert again.status == "active"


def test_revoke_cannot_precede_the_start(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    row = d.add_difficult(ctx, city.branch_operator, person.id_number, "01", "困难", SINCE)

    with pytest.raises(DomainError, match="不能早于困难起始日期"):
        d.revoke_difficult(ctx, city.branch_operator, row, SINCE - timedelta(days=1))


def test_viewer_cannot_register(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)

    with pytest.raises(DomainError, match="无权"):
        d.add_difficult(ctx, city.branch_viewer, person.id_number, "01", "困难", SINCE)


def test_assistance_is_recorded_with_an_exact_amount(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)

    row = d.add_assistance(ctx, city.branch_operator, person.id_number, TODAY, "1", "500.5",
                           "春节慰问", "区委组织部")

    assert row.amount == Decimal("500.50") and row.giver == "区委组织部"


@pytest.mark.parametrize("amount, message", [("abc", "金额格式不正确"), ("-1", "不小于0")])
def test_assistance_amount_is_validated(ctx, city, amount, message):
    person = f.make_person(ctx, city.branch_a1a)

    with pytest.raises(DomainError, match=message):
        d.add_assistance(ctx, city.branch_operator, person.id_number, TODAY, "1", amount, "慰问")
