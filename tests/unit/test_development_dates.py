"""Calendar arithmetic of the regulation."""
from datetime import date as d

import pytest

from actions.development.dates import add_months, age_on, working_days


@pytest.mark.parametrize("start, months, expected", [
    (d(2024, 1, 31), 1, d(2024, 2, 29)),
    (d(2023, 1, 31), 1, d(2023, 2, 28)),
    (d(2023, 6, 10), 12, d(2024, 6, 10)),
    (d(2023, 8, 31), 6, d(2024, 2, 29)),
    (d(2023, 12, 15), 1, d(2024, 1, 15)),
])
def test_plus_months_keeps_the_day_clamped_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_working_days_skip_weekends_holidays_and_count_makeup_days():
    assert working_days(d(2023, 5, 4), d(2023, 5, 10)) == 5
    assert working_days(d(2023, 5, 4), d(2023, 5, 10), {d(2023, 5, 5)}) == 4
    assert working_days(d(2023, 5, 6), d(2023, 5, 7), workdays={d(2023, 5, 6)}) == 1


def test_age_counts_full_years():
    assert age_on(d(2004, 3, 2), d(2022, 3, 1)) == 17
    assert age_on(d(2004, 3, 1), d(2022, 3, 1)) == 18
