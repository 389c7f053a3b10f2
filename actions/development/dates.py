"""Date arithmetic of the regulation: calendar months and working days."""
from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """Return the same day number `months` later, clamped to the end of that month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def working_days(start: date, end: date, holidays=frozenset(), workdays=frozenset()) -> int:
    """Count working days from start to end inclusive: no weekends, no configured holidays.

    `workdays` are weekend days declared working days (调休上班).
    """
    count, day = 0, start
    while day <= end:
        weekday = day.weekday() < 5
        if (weekday and day not in holidays) or day in workdays:
            count += 1
        day += timedelta(days=1)
    return count


def age_on(birth: date, day: date) -> int:
    """Return the age in full years on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
