"""When a case is due: business days and hours of the organization, Finnish public holidays.

The promise: an ordinary case is answered by the end of the next business day; a complaint
or a detractor within four business hours.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone

URGENT_HOURS = 4


@lru_cache(maxsize=16)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.Finland(years=year)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_business_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def _at(day: date, hour: int) -> datetime:
    zone = timezone.get_current_timezone()
    if hour >= 24:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return datetime.combine(day, time(hour), tzinfo=zone)


def add_business_hours(start: datetime, hours: float, opens: int, closes: int) -> datetime:
    """`hours` of business time after `start`, counting only open hours of business days."""
    moment = timezone.localtime(start)
    left = timedelta(hours=hours)
    while True:
        day = moment.date()
        if not is_business_day(day) or moment >= _at(day, closes):
            moment = _at(next_business_day(day), opens)
            continue
        moment = max(moment, _at(day, opens))
        available = _at(day, closes) - moment
        if left <= available:
            return moment + left
        left -= available
        moment = _at(next_business_day(day), opens)


def due_time(created: datetime, organization, *, urgent: bool) -> datetime:
    opens, closes = organization.business_hours_start, organization.business_hours_end
    if urgent:
        return add_business_hours(created, URGENT_HOURS, opens, closes)
    return _at(next_business_day(timezone.localtime(created).date()), closes)
