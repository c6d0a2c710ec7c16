"""Opening hours: parse the clinic's "Mon-Fri 08:00-18:00; Sat 09:00-12:00" text and say,
for any moment, whether the clinic is open and when it next opens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PART = re.compile(
    r"^(?P<first>[a-z]{3})(?:\s*-\s*(?P<last>[a-z]{3}))?\s+"
    r"(?P<open>\d{1,2}:\d{2})\s*-\s*(?P<close>\d{1,2}:\d{2})$"
)

# The emergency number people should call, by the clinic's country (ITU / national sources).
EMERGENCY_NUMBERS = {"GB": "999", "US": "911", "CA": "911", "AU": "000", "NZ": "111", "IE": "112"}


def emergency_number(country: str) -> str:
    # 112 works across the EU and on most mobile networks worldwide.
    return EMERGENCY_NUMBERS.get(country.upper(), "112")


Hours = dict[int, list[tuple[time, time]]]


def _clock(text: str) -> time:
    hour, minute = (int(x) for x in text.split(":"))
    if hour == 24 and minute == 0:
        return time(23, 59, 59)
    return time(hour, minute)


def parse_hours(text: str) -> Hours:
    """Parse opening hours; raise ValueError with a plain message when it cannot."""
    hours: Hours = {day: [] for day in range(7)}
    for raw in text.lower().split(";"):
        part = raw.strip()
        if not part:
            continue
        match = _PART.match(part)
        if not match or match["first"] not in DAYS or (match["last"] or "mon") not in DAYS:
            raise ValueError(
                f'"{raw.strip()}" is not understood. Write days and times like '
                '"Mon-Fri 08:00-18:00; Sat 09:00-12:00".'
            )
        try:
            opens, closes = _clock(match["open"]), _clock(match["close"])
        except ValueError as exc:
            raise ValueError(f'"{raw.strip()}" has a time that does not exist.') from exc
        if closes <= opens:
            raise ValueError(f'"{raw.strip()}": the closing time must be after the opening time.')
        first = DAYS.index(match["first"])
        last = DAYS.index(match["last"]) if match["last"] else first
        for day in range(first, last + 1):
            hours[day].append((opens, closes))
    return hours


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    closes_at: time | None
    next_opening: datetime | None

    @property
    def summary(self) -> str:
        if self.is_open and self.closes_at:
            return f"Open now until {self.closes_at:%H:%M}"
        if self.next_opening:
            return f"Closed now. Opens {DAY_NAMES[self.next_opening.weekday()]} at " + (
                f"{self.next_opening:%H:%M}"
            )
        return "Closed now"


def opening_status(hours_text: str, time_zone: str, now: datetime) -> OpeningStatus:
    try:
        hours = parse_hours(hours_text)
    except ValueError:
        return OpeningStatus(False, None, None)
    local = now.astimezone(ZoneInfo(time_zone))
    for opens, closes in hours[local.weekday()]:
        if opens <= local.time() < closes:
            return OpeningStatus(True, closes, None)
    for offset in range(8):
        day = (local + timedelta(days=offset)).date()
        for opens, _closes in sorted(hours[day.weekday()]):
            candidate = datetime.combine(day, opens, tzinfo=local.tzinfo)
            if candidate > local:
                return OpeningStatus(False, None, candidate)
    return OpeningStatus(False, None, None)
