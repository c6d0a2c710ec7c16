"""Response-time targets, counted in the clinic's working time.

Urgent requests are due within CONSULTATION_URGENT_HOURS working hours (default 4);
routine requests by the same time on the next working day (CONSULTATION_ROUTINE_DAYS,
default 1). A request made while the clinic is closed starts the clock when it next opens.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from spinewise.accounts.hours import DAY_NAMES, Hours, parse_hours
from spinewise.accounts.models import Clinic
from spinewise.consultations.models import Urgency

URGENT_HOURS = 4
ROUTINE_DAYS = 1
# Looking further ahead than this means the clinic has no opening hours at all.
_HORIZON_DAYS = 366


def urgent_hours() -> float:
    return float(getattr(settings, "CONSULTATION_URGENT_HOURS", URGENT_HOURS))


def routine_days() -> int:
    return int(getattr(settings, "CONSULTATION_ROUTINE_DAYS", ROUTINE_DAYS))


def _hours(clinic: Clinic) -> Hours | None:
    try:
        hours = parse_hours(clinic.opening_hours)
    except ValueError:
        return None
    return hours if any(hours.values()) else None


def _periods(hours: Hours, day: date, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
    return [
        (datetime.combine(day, opens, zone), datetime.combine(day, closes, zone))
        for opens, closes in sorted(hours[day.weekday()])
    ]


def add_working_time(clinic: Clinic, start: datetime, duration: timedelta) -> datetime:
    """The moment `duration` of opening time after `start` (plain time if hours unknown)."""
    hours = _hours(clinic)
    if hours is None:
        return start + duration
    zone = ZoneInfo(clinic.time_zone)
    local = start.astimezone(zone)
    remaining = duration
    for offset in range(_HORIZON_DAYS):
        for opens, closes in _periods(hours, local.date() + timedelta(days=offset), zone):
            begin = max(opens, local)
            if begin >= closes:
                continue
            available = closes - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
    return start + duration


def next_opening(clinic: Clinic, moment: datetime) -> datetime | None:
    """`moment` itself if the clinic is open then, else when it next opens."""
    hours = _hours(clinic)
    if hours is None:
        return None
    zone = ZoneInfo(clinic.time_zone)
    local = moment.astimezone(zone)
    for offset in range(8):
        for opens, closes in _periods(hours, local.date() + timedelta(days=offset), zone):
            if local < closes:
                return max(opens, local)
    return None


def add_working_days(clinic: Clinic, start: datetime, days: int) -> datetime:
    """The same clock time `days` working days after the clock starts, kept within the
    opening hours of that day (so a short Saturday ends at its closing time)."""
    hours = _hours(clinic)
    clock_starts = next_opening(clinic, start) if hours else None
    if hours is None or clock_starts is None:
        return start + timedelta(days=days)
    zone = ZoneInfo(clinic.time_zone)
    day, wanted = clock_starts.date(), clock_starts.timetz().replace(tzinfo=None)
    while days > 0:
        day += timedelta(days=1)
        if hours[day.weekday()]:
            days -= 1
    periods = _periods(hours, day, zone)
    target = datetime.combine(day, wanted, zone)
    for opens, closes in periods:
        if target < opens:
            return opens
        if target <= closes:
            return target
    return periods[-1][1]


def due_at(clinic: Clinic, urgency: str, created: datetime) -> datetime:
    if urgency == Urgency.URGENT:
        return add_working_time(clinic, created, timedelta(hours=urgent_hours()))
    return add_working_days(clinic, created, routine_days())


def when_text(moment: datetime, now: datetime, time_zone: str) -> str:
    """Plain words for a time: "today at 14:00", "tomorrow at 09:00", "Monday 9 June at 08:00"."""
    zone = ZoneInfo(time_zone)
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return f"today at {clock}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow at {clock}"
    return f"{DAY_NAMES[local.weekday()]} {local.day} {local:%B} at {clock}"


def local_datetime(day: date, clock: time, time_zone: str) -> datetime:
    """A date and clock time typed at the clinic, as an aware moment."""
    return datetime.combine(day, clock, ZoneInfo(time_zone))
