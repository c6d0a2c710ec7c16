"""Response targets count the clinic's working time (default: Mon-Fri 08:00-18:00)."""

from datetime import UTC, datetime, timedelta

import pytest
from pytest_django import Settings

from spinewise.accounts.models import Clinic
from spinewise.consultations import targets
from tests.factories import ClinicFactory


def at(text: str) -> datetime:
    # Winter dates: Europe/London equals UTC.
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def clinic() -> Clinic:
    return ClinicFactory.build(opening_hours="Mon-Fri 08:00-18:00; Sat 09:00-12:00")


def test_urgent_request_in_the_morning_is_due_four_hours_later(clinic: Clinic) -> None:
    assert targets.due_at(clinic, "urgent", at("2026-11-24 09:00")) == at("2026-11-24 13:00")


def test_urgent_request_late_in_the_day_carries_over_to_the_next_morning(clinic: Clinic) -> None:
    # 17:00 Tuesday: one working hour today, three more from 08:00 Wednesday.
    assert targets.due_at(clinic, "urgent", at("2026-11-24 17:00")) == at("2026-11-25 11:00")


def test_urgent_request_at_night_starts_the_clock_at_opening(clinic: Clinic) -> None:
    assert targets.due_at(clinic, "urgent", at("2026-11-24 22:00")) == at("2026-11-25 12:00")


def test_urgent_request_on_friday_evening_uses_saturday_morning_hours(clinic: Clinic) -> None:
    # Saturday opens 09:00-12:00 (3 hours), the last hour falls on Monday.
    assert targets.due_at(clinic, "urgent", at("2026-11-27 19:00")) == at("2026-11-30 09:00")


def test_routine_request_is_due_the_same_time_next_working_day(clinic: Clinic) -> None:
    assert targets.due_at(clinic, "routine", at("2026-11-24 10:30")) == at("2026-11-25 10:30")


def test_routine_request_on_friday_is_due_on_saturday_within_its_short_hours(
    clinic: Clinic,
) -> None:
    # Saturday closes at 12:00, so 15:00 falls back to closing time.
    assert targets.due_at(clinic, "routine", at("2026-11-27 15:00")) == at("2026-11-28 12:00")


def test_routine_request_at_night_counts_from_the_next_opening(clinic: Clinic) -> None:
    assert targets.due_at(clinic, "routine", at("2026-11-24 23:00")) == at("2026-11-26 08:00")


def test_routine_request_on_sunday_counts_from_monday_opening(clinic: Clinic) -> None:
    assert targets.due_at(clinic, "routine", at("2026-11-29 11:00")) == at("2026-12-01 08:00")


def test_clinic_without_opening_hours_uses_plain_time() -> None:
    clinic = ClinicFactory.build(opening_hours="")
    start = at("2026-11-24 22:00")
    assert targets.due_at(clinic, "urgent", start) == start + timedelta(hours=4)
    assert targets.due_at(clinic, "routine", start) == start + timedelta(days=1)


def test_the_urgent_target_is_a_setting(clinic: Clinic, settings: Settings) -> None:
    settings.CONSULTATION_URGENT_HOURS = 2
    assert targets.due_at(clinic, "urgent", at("2026-11-24 09:00")) == at("2026-11-24 11:00")


def test_the_routine_target_is_a_setting(clinic: Clinic, settings: Settings) -> None:
    settings.CONSULTATION_ROUTINE_DAYS = 2
    assert targets.due_at(clinic, "routine", at("2026-11-24 10:00")) == at("2026-11-26 10:00")


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        ("2026-11-24 15:00", "today at 15:00"),
        ("2026-11-25 08:00", "tomorrow at 08:00"),
        ("2026-11-30 09:30", "Monday 30 November at 09:30"),
    ],
)
def test_times_are_told_in_plain_words(moment: str, text: str) -> None:
    assert targets.when_text(at(moment), at("2026-11-24 10:00"), "Europe/London") == text
