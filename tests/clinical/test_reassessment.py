"""When a reassessment is due: the schedule, its windows and the early triggers
(docs/clinical-rules.md §8)."""

from datetime import date, datetime
from typing import Any

import pytest

from spinewise.clinical import (
    ReassessmentStatus,
    ValidationError,
    reassessment_schedule,
    reassessment_status,
    thresholds_from,
)
from tests.clinical.calendar import START, day, session


def entry(due: int, done_on: int | None = None, trigger: str | None = None) -> dict[str, object]:
    found: dict[str, object] = {"due": day(due), "done": done_on is not None}
    if done_on is not None:
        found["done_on"] = day(done_on)
    if trigger is not None:
        found["trigger"] = trigger
    return found


SCHEDULE = [entry(14), entry(42), entry(84)]


def programme(
    reassessments: list[dict[str, object]] | None = None,
    sessions: list[dict[str, object]] | None = None,
    open_alerts: list[str] | None = None,
    progressed_on: list[int] | None = None,
) -> dict[str, object]:
    return {
        "status": "active",
        "started_on": START,
        "planned_dates": [],
        "sessions": sessions or [],
        "reassessments": SCHEDULE if reassessments is None else reassessments,
        "progressed_on": [day(n) for n in progressed_on or []],
        "open_alerts": open_alerts or [],
    }


def status(record: dict[str, object], today: int, **options: Any) -> ReassessmentStatus:
    return reassessment_status(record, day(today), **options)


def brief(found: ReassessmentStatus) -> tuple[bool, str | None, int | None]:
    due_date = found["due_date"]
    return found["due"], found["trigger"], None if due_date is None else (due_date - START).days


def weekly_pains(*weeks: list[int]) -> list[dict[str, object]]:
    """Sessions for programme weeks 0, 1, 2, ... with these pains (one a day from day 7k)."""
    return [
        session(7 * k + i, pain) for k, pains in enumerate(weeks) for i, pain in enumerate(pains)
    ]


DONE_ALL = [entry(14, 14), entry(42, 42), entry(84, 84)]
FIRST_DONE = [entry(14, 14), entry(42), entry(84)]  # from day 28 early triggers may fire


# --- the schedule -----------------------------------------------------------------------


# docs/clinical-rules.md §8: due on days 14, 42 and 84 (day 0 is the first day).
def test_the_schedule_is_days_14_42_and_84() -> None:
    assert reassessment_schedule(START) == [date(2027, 3, 15), date(2027, 4, 12), date(2027, 5, 24)]


def test_a_clinic_may_move_the_scheduled_days() -> None:
    thresholds = thresholds_from({"reassessment_day_1": 21})

    assert reassessment_schedule(START, thresholds)[0] == day(21)


@pytest.mark.parametrize("started_on", ["2027-03-01", datetime(2027, 3, 1, 9), None])
def test_the_schedule_needs_a_date(started_on: object) -> None:
    with pytest.raises(ValidationError) as raised:
        reassessment_schedule(started_on)  # type: ignore[arg-type]
    assert raised.value.errors == [
        {
            "field": "started_on",
            "message": "This must be a date (datetime.date), not a time or text.",
        }
    ]


# --- the due window ---------------------------------------------------------------------


# docs/clinical-rules.md §8: open from 3 days before the due date.
def test_a_scheduled_reassessment_opens_3_days_before_it_is_due() -> None:
    assert brief(status(programme(), 10)) == (False, None, 14)
    assert brief(status(programme(), 11)) == (True, "scheduled", 14)


def test_inside_the_window_it_is_due_and_not_late() -> None:
    found = status(programme(), 17)

    assert brief(found) == (True, "scheduled", 14)
    assert found["late"] is False
    assert "time for your check-up" in found["reason"]


# docs/clinical-rules.md §8: late after the window (3 days after due), still due.
def test_after_the_window_it_is_still_due_and_late() -> None:
    found = status(programme(), 18)

    assert brief(found) == (True, "scheduled", 14)
    assert found["late"] is True
    assert found["reason"] == (
        "Your check-up was due on 15 March 2027. Please do it soon, so your plan stays right "
        "for you."
    )


# docs/clinical-rules.md §8 (CONTRACTS order 1): the earliest open one.
def test_the_earliest_open_reassessment_is_the_one_due() -> None:
    assert brief(status(programme([entry(42), entry(14)]), 40)) == (True, "scheduled", 14)


# docs/clinical-rules.md §8: a done reassessment is not due again; the next one is named.
def test_a_done_reassessment_is_not_due_and_the_next_is_named() -> None:
    found = status(programme([entry(14, 13), entry(42), entry(84)]), 15)

    assert brief(found) == (False, None, 42)
    assert found["reason"] == "Your next check-up is on 12 April 2027."


def test_with_every_reassessment_done_nothing_is_due_or_next() -> None:
    found = status(programme(DONE_ALL), 100)

    assert brief(found) == (False, None, None)
    assert found["reason"] == "There are no more check-ups planned for now."


def test_no_reassessments_at_all_is_not_due() -> None:
    assert brief(status(programme([]), 5)) == (False, None, None)


# docs/clinical-rules.md §8: an open early reassessment is due with its own trigger.
def test_an_open_early_reassessment_is_due_with_its_own_trigger() -> None:
    found = status(programme([entry(14, 14), entry(30, trigger="plateau"), *SCHEDULE[1:]]), 33)

    assert brief(found) == (True, "plateau", 30)
    assert "stayed about the same" in found["reason"]


# --- early triggers ---------------------------------------------------------------------


# docs/clinical-rules.md §8: an open worsening alert makes one due today.
def test_an_open_worsening_alert_makes_one_due_today() -> None:
    found = status(programme(FIRST_DONE, open_alerts=["worsening"]), 30)

    assert brief(found) == (True, "worsening", 30)
    assert found["late"] is False


def test_an_open_repeated_flares_alert_makes_one_due_today() -> None:
    record = programme(FIRST_DONE, open_alerts=["repeated_flares"])

    assert brief(status(record, 30)) == (True, "repeated_flares", 30)


# CONTRACTS.md: "an open worsening or repeated_flares alert (worsening first)".
def test_worsening_comes_before_repeated_flares() -> None:
    record = programme(FIRST_DONE, open_alerts=["repeated_flares", "worsening"])

    assert status(record, 30)["trigger"] == "worsening"


def test_other_open_alerts_do_not_trigger_a_reassessment() -> None:
    record = programme(FIRST_DONE, open_alerts=["inactive", "low_adherence", "safety_stop"])

    assert brief(status(record, 30)) == (False, None, 42)


# CONTRACTS.md order: a scheduled one whose window is open comes before early triggers.
def test_an_open_scheduled_reassessment_comes_before_an_early_trigger() -> None:
    assert brief(status(programme(open_alerts=["worsening"]), 12)) == (True, "scheduled", 14)


# docs/clinical-rules.md §8: not in the 14 days that start on the day one was done.
@pytest.mark.parametrize(("today", "due"), [(14, False), (20, False), (27, False), (28, True)])
def test_no_early_trigger_on_days_d_to_d_plus_13(today: int, due: bool) -> None:
    record = programme([entry(14, 14), entry(42), entry(84)], open_alerts=["worsening"])

    assert status(record, today)["due"] is due


def test_a_done_early_reassessment_also_starts_the_pause() -> None:
    record = programme(
        [entry(14, 14), entry(30, 31, "worsening"), entry(42), entry(84)],
        open_alerts=["worsening"],
    )

    assert status(record, 33)["due"] is False


def test_a_done_reassessment_without_its_date_starts_no_pause() -> None:
    record = programme([{"due": day(14), "done": True}, entry(42)], open_alerts=["worsening"])

    assert status(record, 20)["trigger"] == "worsening"


def test_a_clinics_own_pause_is_used() -> None:
    record = programme([entry(14, 14), entry(42)], open_alerts=["worsening"])
    thresholds = thresholds_from({"early_trigger_pause_days": 7})

    assert status(record, 21, thresholds=thresholds)["due"] is True


# --- the plateau ------------------------------------------------------------------------


# Weeks 1-3 (days 7-27): means 5, 5.5 and 5: within less than a point; latest 5 >= 3.
PLATEAU = weekly_pains([6, 6], [5, 5], [5, 6], [5, 5])


# docs/clinical-rules.md §8: from day 28, three whole weeks within < 1 point, latest >= 3.
def test_a_plateau_from_day_28_makes_one_due_today() -> None:
    found = status(programme(DONE_ALL[:1] + SCHEDULE[1:], PLATEAU), 28)

    assert brief(found) == (True, "plateau", 28)
    assert found["reason"] == (
        "Your pain has stayed about the same for three weeks, so a check-up now helps us see "
        "what could help next."
    )


def test_no_plateau_before_day_28() -> None:
    record = programme([entry(10, 10), *SCHEDULE[1:]], weekly_pains([5], [5], [5], [5]))

    assert status(record, 27)["due"] is False


# docs/clinical-rules.md §8: "whole" weeks have ended: the week today is in never counts.
def test_the_week_today_is_in_is_not_a_whole_week() -> None:
    # Sessions in weeks 2, 3 and 4 only. On day 34, the last day of week 4, the last whole
    # weeks are still 1, 2 and 3, and week 1 has none; from day 35 they are 2, 3 and 4.
    record = programme([entry(10, 10), *SCHEDULE[1:]], weekly_pains([], [], [9], [9], [9]))

    assert status(record, 34)["due"] is False
    assert status(record, 35)["trigger"] == "plateau"


# docs/clinical-rules.md §8: max − min < 1 (a spread of exactly 1 is not a plateau).
def test_a_spread_of_exactly_one_point_is_not_a_plateau() -> None:
    record = programme([entry(10, 10), *SCHEDULE[1:]], weekly_pains([], [5], [6], [5, 6]))

    assert status(record, 28)["due"] is False
    nearly = programme([entry(10, 10), *SCHEDULE[1:]], weekly_pains([], [5], [5, 6], [5, 6]))
    assert status(nearly, 28)["trigger"] == "plateau"  # 5, 5.5, 5.5: a spread of 0.5


# docs/clinical-rules.md §8: every one of the three weeks needs a session.
def test_a_week_without_sessions_is_not_a_plateau() -> None:
    record = programme([entry(10, 10), *SCHEDULE[1:]], weekly_pains([5], [5], [], [5]))

    assert status(record, 28)["due"] is False


# docs/clinical-rules.md §8: pain that has settled at 0-2 is not a plateau.
@pytest.mark.parametrize(("pain", "due"), [(2, False), (3, True)])
def test_the_latest_week_must_be_3_or_more(pain: int, due: bool) -> None:
    record = programme([entry(10, 10), *SCHEDULE[1:]], weekly_pains([], [pain], [pain], [pain]))

    assert status(record, 28)["due"] is due


# docs/clinical-rules.md §8: no exercise progressed in the last 14 days.
@pytest.mark.parametrize(("progressed", "due"), [(14, True), (15, True), (16, False), (29, False)])
def test_a_progression_in_the_last_14_days_is_not_a_plateau(progressed: int, due: bool) -> None:
    # On day 29 the last 14 days are days 16-29.
    record = programme([entry(10, 10), *SCHEDULE[1:]], PLATEAU, progressed_on=[progressed])

    assert status(record, 29)["due"] is due


def test_early_triggers_pause_after_a_done_reassessment_for_a_plateau_too() -> None:
    record = programme([entry(20, 20), *SCHEDULE[1:]], PLATEAU)

    assert status(record, 33)["due"] is False
    assert status(record, 34)["trigger"] == "plateau"


# --- bad input --------------------------------------------------------------------------


def errors_of(record: object, today: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        reassessment_status(record, today)  # type: ignore[arg-type]
    return {e["field"]: e["message"] for e in raised.value.errors}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"open_alerts": ["worse"]}, "open_alerts"),
        ({"open_alerts": [["worsening"]]}, "open_alerts"),
        ({"open_alerts": None}, "open_alerts"),
        ({"progressed_on": ["2027-03-20"]}, "progressed_on"),
        ({"progressed_on": None}, "progressed_on"),
        (
            {"reassessments": [{"due": day(14), "done": False, "trigger": ["plateau"]}]},
            "reassessments[0].trigger",
        ),
    ],
)
def test_bad_status_input_is_named(changes: dict[str, object], field: str) -> None:
    assert field in errors_of({**programme(), **changes}, day(20))


def test_today_must_be_a_date() -> None:
    assert errors_of(programme(), "2027-03-20") == {
        "today": "This must be a date (datetime.date), not a time or text."
    }


def test_a_missing_trigger_means_scheduled() -> None:
    record = programme([{"due": day(14), "done": False, "trigger": None}])

    assert status(record, 14)["trigger"] == "scheduled"
