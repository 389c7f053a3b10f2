"""Date arithmetic of the regulation: calendar months and ages (working days: actions.clock)."""
from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """Return the same day number `months` later, clamped to the end of that month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: date, day: date) -> int:
    """Return the age in full years on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
