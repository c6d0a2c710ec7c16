from datetime import UTC, datetime

import pytest

from spinewise.accounts.hours import emergency_number, opening_status, parse_hours

HOURS = "Mon-Fri 08:00-18:00; Sat 09:00-12:00"


def at(text: str) -> datetime:
    # Winter dates: Europe/London equals UTC.
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_open_during_weekday_hours() -> None:
    status = opening_status(HOURS, "Europe/London", at("2026-11-24 10:00"))  # Tuesday
    assert status.is_open
    assert status.summary == "Open now until 18:00"


def test_closed_in_evening_says_when_it_opens() -> None:
    status = opening_status(HOURS, "Europe/London", at("2026-11-24 19:30"))
    assert not status.is_open
    assert status.summary == "Closed now. Opens Wednesday at 08:00"


def test_closed_on_sunday_opens_monday() -> None:
    status = opening_status(HOURS, "Europe/London", at("2026-11-29 11:00"))  # Sunday
    assert status.summary == "Closed now. Opens Monday at 08:00"


def test_saturday_morning_is_open() -> None:
    assert opening_status(HOURS, "Europe/London", at("2026-11-28 09:00")).is_open


def test_closing_minute_is_closed() -> None:
    assert not opening_status(HOURS, "Europe/London", at("2026-11-24 18:00")).is_open


def test_clinic_time_zone_is_used() -> None:
    # 14:00 UTC is 09:00 in New York: open there.
    assert opening_status("Mon-Fri 09:00-17:00", "America/New_York", at("2026-11-24 14:00")).is_open


@pytest.mark.parametrize(
    "text", ["Monday 9-5", "Mon-Fri 18:00-08:00", "Mon 25:00-26:00", "Xyz 08:00-09:00"]
)
def test_unreadable_hours_raise_plain_message(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_hours(text)


def test_unreadable_hours_show_closed_rather_than_crash() -> None:
    status = opening_status("whenever", "Europe/London", at("2026-11-24 10:00"))
    assert not status.is_open
    assert status.summary == "Closed now"


def test_emergency_number_by_country() -> None:
    assert emergency_number("GB") == "999"
    assert emergency_number("us") == "911"
    assert emergency_number("DE") == "112"
