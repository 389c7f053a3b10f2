"""Dues: the monthly amount by category and income, overrides with a reason, arrears in SQL."""
from datetime import date
from decimal import Decimal

import pytest

from actions.errors import RuleViolation
from actions.members import dues, records
from models import DuesPayment
from tests import factories as f


@pytest.mark.parametrize("dues_class, base, expected", [
    ("employed", "3000", "15.00"),
    ("employed", "3000.01", "30.00"),
    ("employed", "4321.50", "43.22"),
    ("employed", "5000", "50.00"),
    ("employed", "8000", "120.00"),
    ("employed", "10000", "150.00"),
    ("employed", "12345.67", "246.91"),
    ("retired", "4998", "24.99"),
    ("retired", "4999", "25.00"),  # 24.995 rounds half up
    ("retired", "5000", "25.00"),
    ("retired", "6000", "60.00"),
    ("farmer", None, "0.20"),
    ("student", None, "0.20"),
    ("unemployed", None, "0.20"),
    ("subsistence", None, "0.20"),
])
def test_monthly_dues_follow_the_brackets_in_exact_fen(dues_class, base, expected):
    amount = dues.monthly_dues(dues_class, Decimal(base) if base else None)

    assert amount == Decimal(expected)
    assert isinstance(amount, Decimal)


@pytest.mark.parametrize("values, field", [
    ({"dues_class": "employed", "income_base": "abc"}, "income_base"),
    ({"dues_class": "employed", "income_base": "-1"}, "income_base"),
    ({"dues_class": "employed", "income_base": "100.001"}, "income_base"),
    ({"dues_class": "employed"}, "income_base"),
    ({"dues_class": "x", "income_base": "100"}, "dues_class"),
    ({"dues_class": "employed", "income_base": "4000", "monthly_amount": "10"}, "override_reason"),
    ({"dues_class": "farmer", "monthly_amount": "1.50"}, "override_reason"),
    ({"dues_class": "student", "month_from": date(2024, 5, 1), "month_to": date(2024, 4, 1)},
     "month_to"),
])
def test_wrong_dues_input_is_refused_at_its_field(values, field):
    values = {"month_from": date(2024, 1, 1), **values}

    with pytest.raises(RuleViolation) as err:
        dues.settle(values)

    assert err.value.field == field


def test_a_range_of_months_multiplies_the_monthly_amount():
    out = dues.settle({"dues_class": "employed", "income_base": "8000",
                       "month_from": date(2024, 1, 15), "month_to": date(2024, 3, 2)})

    assert out["month_from"] == date(2024, 1, 1) and out["month_to"] == date(2024, 3, 1)
    assert out["amount"] == Decimal("360.00")
    assert out["override_reason"] is None


def test_farmers_choose_between_twenty_fen_and_one_yuan_without_a_reason():
    out = dues.settle({"dues_class": "farmer", "monthly_amount": "0.50",
                       "month_from": date(2024, 1, 1)})

    assert out["monthly_amount"] == Decimal("0.50") and out["computed_monthly"] == Decimal("0.20")


def test_an_override_with_a_reason_is_kept_next_to_the_computed_amount():
    out = dues.settle({"dues_class": "employed", "income_base": "4000", "monthly_amount": "100",
                       "override_reason": "自愿多交", "month_from": date(2024, 1, 1)})

    assert out["computed_monthly"] == Decimal("40.00")
    assert out["monthly_amount"] == Decimal("100.00") and out["override_reason"] == "自愿多交"


def _pay(ctx, user, person, start, end):
    return records.add_record(ctx, user, "dues", person.id, {
        "dues_class": "student", "month_from": start, "month_to": end, "paid_on": date(2024, 1, 1)})


def test_members_with_six_unpaid_months_are_counted_in_the_users_scope(ctx, city):
    today = date(2025, 8, 20)  # last month is July: the six months up to it are Jan..Jul minus one
    five = f.make_person(ctx, city.branch_a1a, "五个月")  # paid until Feb: Mar..Jul = 5 months
    six = f.make_person(ctx, city.branch_a1a, "六个月")  # paid until Jan: Feb..Jul = 6 months
    never = f.make_person(ctx, city.branch_a1b, "从未交")  # joined 2010, never paid
    recent = f.make_person(ctx, city.branch_a1a, "新党员", joined_on=date(2025, 3, 1))  # 5 months
    f.make_person(ctx, city.branch_b1, "二月入党", joined_on=date(2025, 2, 15))  # Feb..Jul = 6
    f.make_person(ctx, city.branch_b1, "乙区欠费")
    _pay(ctx, city.branch_admin, five, date(2024, 9, 1), date(2025, 2, 1))
    _pay(ctx, city.branch_admin, six, date(2024, 9, 1), date(2025, 1, 1))

    assert dues.arrears_count(ctx, city.branch_admin, today) == 1
    assert dues.arrears_count(ctx, city.district_admin, today) == 2
    assert dues.arrears_count(ctx, city.city_admin, today) == 4
    assert recent.id and never.id and ctx.query(DuesPayment).count() == 2


def test_a_month_of_dues_cannot_be_recorded_twice_for_a_member(ctx, city):
    person = f.make_person(ctx, city.branch_a1a)
    _pay(ctx, city.branch_admin, person, date(2024, 1, 1), date(2024, 6, 1))

    with pytest.raises(RuleViolation, match="重叠") as err:
        _pay(ctx, city.branch_admin, person, date(2024, 6, 1), date(2024, 8, 1))

    assert err.value.field == "month_from"
    ctx.rollback()
    assert _pay(ctx, city.branch_admin, person, date(2024, 7, 1), date(2024, 8, 1)).amount == Decimal("0.40")


@pytest.mark.parametrize("joined, paid_to, flagged", [
    (date(2025, 2, 15), None, True),
    (date(2025, 3, 1), None, False),
    (date(2010, 1, 1), date(2025, 1, 1), True),
    (date(2010, 1, 1), date(2025, 2, 1), False),
])
def test_one_member_is_judged_by_the_same_rule_as_the_sql(ctx, city, joined, paid_to, flagged):
    person = f.make_person(ctx, city.branch_a1a, joined_on=joined)
    if paid_to:
        _pay(ctx, city.branch_admin, person, date(2024, 9, 1), paid_to)
    today = date(2025, 8, 20)

    in_sql = dues.arrears_count(ctx, city.branch_admin, today) == 1

    assert dues.in_arrears(person, paid_to, today) is flagged
    assert in_sql is flagged


def test_months_before_the_platform_recorded_dues_do_not_count_as_unpaid(ctx, city):
    today = date(2026, 11, 22)
    never_paid = f.make_person(ctx, city.branch_a1a, joined_on=date(2015, 7, 1))
    stopped = f.make_person(ctx, city.branch_a1a, joined_on=date(2015, 7, 1))
    _pay(ctx, city.branch_admin, stopped, date(2025, 1, 1), date(2025, 12, 1))

    before = dues.arrears_count(ctx, city.branch_admin, today)
    since_june = dues.arrears_count(ctx, city.branch_admin, today, since=date(2026, 6, 1))
    since_march = dues.arrears_count(ctx, city.branch_admin, today, since=date(2026, 3, 1))

    assert before == 2
    assert since_june == 1  # only the member whose recorded payments stopped
    assert since_march == 2  # March .. October: 8 unpaid months inside the platform's record
    assert not dues.in_arrears(never_paid, None, today, since=date(2026, 6, 1))
    assert dues.in_arrears(never_paid, None, today, since=date(2026, 3, 1))


def test_the_platform_records_dues_from_the_month_it_went_live_unless_set(ctx, city):
    from datetime import datetime

    city.root.created_at = datetime(2026, 4, 15, 8, 0)
    ctx.commit()

    assert dues.recorded_since(ctx) == date(2026, 4, 1)
    assert dues.recorded_since(ctx, date(2025, 9, 10)) == date(2025, 9, 1)
