"""The platform's clock and calendar: its day in its time zone, and China's working days.

Stored times are naive UTC (`models.base.utcnow`); every business date is the day in the
platform's zone (`TIME_ZONE`, default Asia/Shanghai), never the server's own day. Working days
come from the State Council's holiday and 调休 tables (`chinesecalendar`), with local overrides.
"""
from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import chinese_calendar

DEFAULT_ZONE = "Asia/Shanghai"
_zone = ZoneInfo(os.environ.get("TIME_ZONE") or DEFAULT_ZONE)
_UTC = timezone.utc


def configure(zone_name: str | None) -> None:
    """Set the platform's time zone (create_app calls this from the TIME_ZONE setting)."""
    global _zone
    _zone = ZoneInfo(zone_name or DEFAULT_ZONE)


def zone() -> ZoneInfo:
    return _zone


def now() -> datetime:
    """Return the current time as an aware datetime in the platform's zone."""
    return datetime.now(_UTC).astimezone(_zone)


def today() -> date:
    """Return the platform's today: the date in its time zone."""
    return now().date()


def local(value: datetime | None) -> datetime | None:
    """Return a stored (naive UTC or aware) time in the platform's zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_UTC)
    return value.astimezone(_zone)


def to_utc(value: datetime) -> datetime:
    """Return a naive local time (as a user types it) as naive UTC, the way times are stored."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=_zone)
    return value.astimezone(_UTC).replace(tzinfo=None)


def format_time(value: datetime | None, seconds: bool = True) -> str:
    """Format a stored time for a user: local, to the second (or minute), no microseconds."""
    if value is None:
        return ""
    return local(value).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


# --- working days ------------------------------------------------------------------------------

FIRST_YEAR = min(chinese_calendar.holidays).year
LAST_YEAR = max(max(chinese_calendar.holidays), max(chinese_calendar.workdays)).year


def calendar_knows(day: date) -> bool:
    """True when the national holiday tables cover the year of `day`."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def is_working_day(day: date, holidays=frozenset(), workdays=frozenset()) -> bool:
    """Whether `day` is a working day: local overrides first, then the national tables.

    `holidays` and `workdays` are local overrides (extra days off, extra working days). Beyond
    the years the tables know, weekdays count as working days (see `unknown_years`).
    """
    if day in workdays:
        return True
    if day in holidays:
        return False
    if calendar_knows(day):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def working_days(start: date, end: date, holidays=frozenset(), workdays=frozenset()) -> int:
    """Count working days from start to end inclusive."""
    count, day = 0, start
    while day <= end:
        count += is_working_day(day, holidays, workdays)
        day += timedelta(days=1)
    return count


def unknown_years(start: date, end: date) -> list[int]:
    """Years between start and end that the national holiday tables do not cover."""
    return [y for y in range(start.year, end.year + 1) if not FIRST_YEAR <= y <= LAST_YEAR]
