"""Calendar arithmetic of the regulation and the platform's working-day calendar."""
from datetime import date as d

import pytest

from actions.clock import is_working_day, unknown_years, working_days
from actions.development.dates import add_months, age_on


@pytest.mark.parametrize("start, months, expected", [
    (d(2024, 1, 31), 1, d(2024, 2, 29)),
    (d(2023, 1, 31), 1, d(2023, 2, 28)),
    (d(2023, 6, 10), 12, d(2024, 6, 10)),
    (d(2023, 8, 31), 6, d(2024, 2, 29)),
    (d(2023, 12, 15), 1, d(2024, 1, 15)),
])
def test_plus_months_keeps_the_day_clamped_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_national_day_2025_leaves_one_working_day_in_a_nine_day_notice():
    assert working_days(d(2025, 9, 30), d(2025, 10, 8)) == 1


def test_spring_festival_2026_leaves_two_working_days():
    assert working_days(d(2026, 2, 13), d(2026, 2, 20)) == 2


def test_a_makeup_saturday_counts_as_a_working_day():
    assert d(2025, 9, 28).weekday() == 6 and is_working_day(d(2025, 9, 28))
    assert d(2023, 5, 6).weekday() == 5 and is_working_day(d(2023, 5, 6))
    assert working_days(d(2023, 5, 4), d(2023, 5, 10)) == 6


def test_local_overrides_come_before_the_national_tables():
    assert working_days(d(2023, 5, 4), d(2023, 5, 10), {d(2023, 5, 5)}) == 5
    assert working_days(d(2023, 5, 13), d(2023, 5, 14), workdays={d(2023, 5, 13)}) == 1


def test_years_beyond_the_national_tables_are_named():
    assert unknown_years(d(2026, 12, 28), d(2027, 1, 5)) == [2027]
    assert unknown_years(d(2025, 1, 1), d(2026, 12, 31)) == []


def test_age_counts_full_years():
    assert age_on(d(2004, 3, 2), d(2022, 3, 1)) == 17
    assert age_on(d(2004, 3, 1), d(2022, 3, 1)) == 18
