"""Alerts: the ones raised at once, and the periodic sweep's exact windows
(docs/clinical-rules.md §7)."""

from datetime import date, datetime
from typing import Any

import pytest

from spinewise.clinical import (
    Alert,
    ValidationError,
    alerts_due,
    alerts_for_concern,
    alerts_for_session,
    thresholds_from,
)
from spinewise.clinical.alerts import one_decimal, spoken_date
from tests.clinical.calendar import START, day, session


def programme(
    sessions: list[dict[str, object]] | None = None,
    planned: list[int] | None = None,
    reassessments: list[dict[str, object]] | None = None,
    status: str = "active",
) -> dict[str, object]:
    return {
        "status": status,
        "started_on": START,
        "planned_dates": [day(n) for n in planned or []],
        "sessions": sessions or [],
        "reassessments": reassessments or [],
    }


def kinds(record: dict[str, object], today: int, **options: Any) -> list[str]:
    return [a["kind"] for a in alerts_due(record, day(today), **options)]


def alert_of(record: dict[str, object], today: int, kind: str) -> Alert:
    (found,) = [a for a in alerts_due(record, day(today)) if a["kind"] == kind]
    return found


def every_day(first: int, last: int, pain: int = 3) -> list[dict[str, object]]:
    return [session(n, pain) for n in range(first, last + 1)]


# --- raised at once ---------------------------------------------------------------------


# docs/clinical-rules.md §7: an emergency-level symptom in a session: red_flag_symptom, critical.
def test_an_emergency_symptom_in_a_session_is_a_critical_red_flag_alert() -> None:
    (found,) = alerts_for_session("stop", ["rf_bladder_change"])

    assert (found["kind"], found["severity"]) == ("red_flag_symptom", "critical")
    assert "emergency" in str(found["reason"])


# docs/clinical-rules.md §7: any other stop: safety_stop, high.
def test_any_other_stop_is_a_high_safety_stop() -> None:
    (found,) = alerts_for_session("stop", [])

    assert (found["kind"], found["severity"]) == ("safety_stop", "high")


# docs/clinical-rules.md §7: an urgent-level symptom is not emergency-level: safety_stop.
def test_a_new_urgent_symptom_is_a_safety_stop_that_names_it() -> None:
    (found,) = alerts_for_session("stop", ["rf_fever"])

    assert found["kind"] == "safety_stop"
    assert "a fever, chills or feeling generally unwell" in str(found["reason"])


# docs/clinical-rules.md §7: one rule: emergency wins over the other symptoms, alert once.
def test_emergency_and_other_symptoms_give_one_red_flag_alert() -> None:
    found = alerts_for_session("stop", ["rf_fever", "rf_both_legs", "rf_both_legs"])

    assert [a["kind"] for a in found] == ["red_flag_symptom"]
    assert str(found[0]["reason"]).count("both legs") == 1


# docs/clinical-rules.md §6-7: a new symptom always means a stop, even if the caller says not.
def test_a_new_symptom_alerts_even_with_a_response_that_is_not_stop() -> None:
    assert [a["kind"] for a in alerts_for_session("acceptable", ["rf_fever"])] == ["safety_stop"]


# docs/clinical-rules.md §7: no stop, no symptom: nothing is raised at once.
@pytest.mark.parametrize("response", ["acceptable", "too_much"])
def test_a_session_without_a_stop_raises_nothing_at_once(response: str) -> None:
    assert alerts_for_session(response, []) == []


# docs/clinical-rules.md §7: a report with an emergency-level symptom: red_flag_symptom.
def test_a_concern_with_an_emergency_symptom_is_critical() -> None:
    (found,) = alerts_for_concern(["rf_saddle_numbness"], felt_off=True)

    assert (found["kind"], found["severity"]) == ("red_flag_symptom", "critical")


# docs/clinical-rules.md §7: a report without one: safety_stop, high.
@pytest.mark.parametrize(("symptoms", "felt_off"), [([], True), (["rf_fever"], False), ([], False)])
def test_a_concern_without_an_emergency_symptom_is_a_safety_stop(
    symptoms: list[str], felt_off: bool
) -> None:
    (found,) = alerts_for_concern(symptoms, felt_off)

    assert (found["kind"], found["severity"]) == ("safety_stop", "high")


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: alerts_for_session("fine", []), "response"),
        (lambda: alerts_for_session(["stop"], []), "response"),  # type: ignore[arg-type]
        (lambda: alerts_for_session("stop", ["headache"]), "new_symptoms"),
        (lambda: alerts_for_session("stop", "rf_fever"), "new_symptoms"),
        (lambda: alerts_for_concern(None, True), "symptoms"),  # type: ignore[arg-type]
        (lambda: alerts_for_concern([], "yes"), "felt_off"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_for_the_alerts_raised_at_once_is_named(call: Any, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        call()
    assert raised.value.errors[0]["field"] == field


# --- worsening --------------------------------------------------------------------------


# docs/clinical-rules.md §7 worsening: last 7 days' mean ≥ first 7 days' mean + 2.
def test_worsening_at_two_points_above_the_first_week() -> None:
    # days 0-6: 3 and 4, mean 3.5; the last 7 days on day 13 (days 7-13): 6 and 5, mean 5.5.
    record = programme([session(0, 3), session(2, 4), session(9, 6), session(12, 5)])

    assert "worsening" in kinds(record, 13)
    found = alert_of(record, 13, "worsening")
    assert found["severity"] == "medium"
    assert found["reason"] == (
        "Pain before sessions in the last 7 days averaged 5.5 out of 10, up from 3.5 in the "
        "first 7 days of the programme."
    )


# docs/clinical-rules.md §7 worsening: just under two points is not enough.
def test_no_worsening_just_under_two_points() -> None:
    record = programme([session(0, 3), session(2, 4), session(9, 5), session(12, 5)])

    assert "worsening" not in kinds(record, 13)


# docs/clinical-rules.md §7 worsening: only from day 13, when the windows no longer overlap.
def test_worsening_is_not_checked_before_day_13() -> None:
    record = programme([session(0, 2), session(6, 9)])

    assert "worsening" not in kinds(record, 12)
    assert "worsening" not in kinds(programme([session(0, 2), session(12, 9)]), 12)
    assert "worsening" in kinds(programme([session(0, 2), session(12, 9)]), 13)


# docs/clinical-rules.md §7: "the last 7 days" are today and the 6 days before it.
def test_the_last_7_days_are_today_and_the_6_before() -> None:
    early = [session(0, 2)]

    assert "worsening" in kinds(programme([*early, session(14, 9)]), 20)
    assert "worsening" not in kinds(programme([*early, session(13, 9)]), 20)
    assert "worsening" in kinds(programme([*early, session(20, 9)]), 20)


# docs/clinical-rules.md §7: the programme's first 7 days are days 0 to 6.
def test_the_first_7_days_are_days_0_to_6() -> None:
    late = [session(20, 8)]

    assert "worsening" in kinds(programme([session(6, 2), *late]), 20)
    assert "worsening" not in kinds(programme([session(7, 2), *late]), 20)


# docs/clinical-rules.md §7 worsening: each window needs at least one session.
def test_worsening_needs_a_session_in_each_window() -> None:
    assert "worsening" not in kinds(programme([session(15, 9)]), 20)
    assert "worsening" not in kinds(programme([session(0, 0)]), 20)


# docs/clinical-rules.md §7: a session dated before the programme is in no window.
def test_a_session_before_the_first_day_is_not_in_the_first_week() -> None:
    assert "worsening" not in kinds(programme([session(-1, 0), session(20, 9)]), 20)


# --- repeated flares --------------------------------------------------------------------


# docs/clinical-rules.md §7 repeated_flares: 2 or more too_much in the last 14 days.
def test_two_flares_in_14_days_alert() -> None:
    record = programme([session(7, 3, "too_much"), session(20, 3, "too_much")])

    assert "repeated_flares" in kinds(record, 20)
    assert alert_of(record, 20, "repeated_flares")["severity"] == "medium"
    assert alert_of(record, 20, "repeated_flares")["reason"] == (
        "2 sessions in the last 14 days were too much (flare-ups)."
    )


# docs/clinical-rules.md §7: the 14 days are today and the 13 before it.
def test_a_flare_15_days_ago_is_outside_the_window() -> None:
    record = programme([session(6, 3, "too_much"), session(20, 3, "too_much")])

    assert "repeated_flares" not in kinds(record, 20)


def test_one_flare_or_stops_are_not_repeated_flares() -> None:
    record = programme([session(18, 3, "too_much"), session(19, 3, "stop"), session(20, 3, "stop")])

    assert "repeated_flares" not in kinds(record, 20)


# docs/clinical-rules.md §7: no day restriction for repeated flares (checked from day 0).
def test_repeated_flares_can_alert_in_the_first_days() -> None:
    record = programme([session(0, 3, "too_much"), session(1, 3, "too_much")])

    assert kinds(record, 1) == ["repeated_flares"]


# --- inactive ---------------------------------------------------------------------------


# docs/clinical-rules.md §7 inactive: no session in the last 7 days, started 7+ days ago.
def test_no_session_for_7_days_is_inactive() -> None:
    record = programme([session(2)])

    assert "inactive" in kinds(record, 9)
    found = alert_of(record, 9, "inactive")
    assert found["severity"] == "low"
    assert found["reason"] == (
        "No session has been logged in the last 7 days. The last one was on 3 March 2027."
    )


def test_a_session_6_days_ago_is_not_inactive() -> None:
    assert "inactive" not in kinds(programme([session(3)]), 9)


# docs/clinical-rules.md §7 inactive: only once the programme started 7 or more days ago.
def test_a_programme_younger_than_7_days_is_never_inactive() -> None:
    assert "inactive" not in kinds(programme(), 6)
    assert kinds(programme(), 7) == ["inactive"]
    assert alert_of(programme(), 7, "inactive")["reason"] == (
        "No session has been logged in the last 7 days."
    )


# --- low adherence ----------------------------------------------------------------------


def adherence_case(done: int, planned: int = 8) -> dict[str, object]:
    # planned and done both within days 1-14 (the last 14 days on day 14)
    return programme([session(n) for n in range(1, done + 1)], planned=list(range(1, planned + 1)))


# docs/clinical-rules.md §7 low_adherence: done × 2 < planned over the last 14 days.
def test_under_half_of_the_planned_sessions_is_low_adherence() -> None:
    record = adherence_case(done=3)

    assert "low_adherence" in kinds(record, 14)
    found = alert_of(record, 14, "low_adherence")
    assert found["severity"] == "low"
    assert found["reason"] == "3 of 8 planned sessions were done in the last 14 days."


# docs/clinical-rules.md §7: exactly half is not under half.
def test_exactly_half_is_not_low_adherence() -> None:
    assert "low_adherence" not in kinds(adherence_case(done=4), 14)


# docs/clinical-rules.md §7 low_adherence: only from day 14.
def test_low_adherence_is_not_checked_before_day_14() -> None:
    assert "low_adherence" not in kinds(adherence_case(done=0, planned=8), 13)


# docs/clinical-rules.md §7: no alert if none were planned.
def test_no_planned_sessions_means_no_low_adherence() -> None:
    assert "low_adherence" not in kinds(programme([], planned=[]), 30)


# docs/clinical-rules.md §7: planned and done are both counted over the last 14 days only.
def test_adherence_counts_only_the_last_14_days() -> None:
    # On day 20 the window is days 7-20: planned on days 7-13 (7), done on days 8 and 9.
    record = programme([session(n) for n in (2, 3, 8, 9)], planned=list(range(0, 14)))

    assert alert_of(record, 20, "low_adherence")["reason"] == (
        "2 of 7 planned sessions were done in the last 14 days."
    )


# docs/clinical-rules.md §7: a session on a day not planned still counts as done.
def test_sessions_on_unplanned_days_count_as_done() -> None:
    record = programme([session(n) for n in (15, 16, 17, 18)], planned=[14, 16, 18, 20, 22, 24])

    assert "low_adherence" not in kinds(record, 27)


# --- reassessment overdue ---------------------------------------------------------------


def due(n: int, done: bool = False) -> dict[str, object]:
    return {"due": day(n), "done": done}


# docs/clinical-rules.md §7 reassessment_overdue: today − due > 7 and not done.
def test_a_reassessment_more_than_7_days_past_due_is_overdue() -> None:
    record = programme(every_day(10, 22), reassessments=[due(14), due(42)])

    assert kinds(record, 22) == ["reassessment_overdue"]
    found = alert_of(record, 22, "reassessment_overdue")
    assert found["severity"] == "low"
    assert found["reason"] == ("A reassessment due on 15 March 2027 is 8 days late and not done.")


def test_exactly_7_days_past_due_is_not_overdue() -> None:
    record = programme(every_day(10, 21), reassessments=[due(14)])

    assert kinds(record, 21) == []


def test_a_done_reassessment_is_never_overdue() -> None:
    record = programme(every_day(10, 60), reassessments=[due(14, done=True)])

    assert "reassessment_overdue" not in kinds(record, 60)


def test_several_late_reassessments_give_one_alert_naming_the_earliest() -> None:
    record = programme(every_day(40, 60), reassessments=[due(42), due(14)])

    (found,) = [a for a in alerts_due(record, day(60)) if a["kind"] == "reassessment_overdue"]
    assert found["reason"] == (
        "A reassessment due on 15 March 2027 is 46 days late and not done. 2 reassessments "
        "are late in all."
    )


# --- the sweep as a whole ---------------------------------------------------------------


# docs/clinical-rules.md §7: each kind at most once, in the order of the table, with its
# severity. (worsening needs a session in the last 7 days and inactive none, so never both.)
def test_kinds_come_once_each_in_table_order_with_their_severity() -> None:
    busy = programme(
        [session(0, 1), session(27, 9, "too_much"), session(28, 9, "too_much")],
        planned=list(range(40)),
        reassessments=[due(14), due(14)],
    )
    quiet = programme([session(0, 1)], planned=list(range(40)), reassessments=[due(14)])

    assert [(a["kind"], a["severity"]) for a in alerts_due(busy, day(29))] == [
        ("worsening", "medium"),
        ("repeated_flares", "medium"),
        ("low_adherence", "low"),
        ("reassessment_overdue", "low"),
    ]
    assert kinds(quiet, 29) == ["inactive", "low_adherence", "reassessment_overdue"]


# docs/clinical-rules.md §7: the sweep is for active programmes only.
@pytest.mark.parametrize("status", ["awaiting_approval", "paused", "completed"])
def test_a_programme_that_is_not_active_has_no_sweep_alerts(status: str) -> None:
    record = programme(reassessments=[due(14)], planned=list(range(30)), status=status)

    assert alerts_due(record, day(60)) == []


def test_a_quiet_active_programme_has_no_alerts() -> None:
    record = programme(every_day(0, 30), planned=list(range(0, 31)), reassessments=[due(14, True)])

    assert alerts_due(record, day(30)) == []


# docs/clinical-rules.md §7 with a clinic's own numbers.
def test_a_clinics_own_windows_are_used() -> None:
    thresholds = thresholds_from({"inactive_days": 10, "repeated_flares_count": 3})
    record = programme([session(0, 3, "too_much"), session(1, 3, "too_much")])

    assert kinds(record, 9, thresholds=thresholds) == []
    assert kinds(record, 11, thresholds=thresholds) == ["inactive"]


# --- wording helpers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [(25, 4, "6.3"), (7, 2, "3.5"), (10, 3, "3.3"), (0, 1, "0.0")],
)
def test_a_mean_is_shown_to_one_decimal_halves_up(
    numerator: int, denominator: int, shown: str
) -> None:
    from fractions import Fraction

    assert one_decimal(Fraction(numerator, denominator)) == shown


def test_dates_are_written_the_same_in_every_locale() -> None:
    assert spoken_date(date(2027, 12, 25)) == "25 December 2027"


# --- bad input --------------------------------------------------------------------------


def errors_of(record: object, today: object = None) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        alerts_due(record, day(20) if today is None else today)  # type: ignore[arg-type]
    return {e["field"]: e["message"] for e in raised.value.errors}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "running"}, "status"),
        ({"status": None}, "status"),
        ({"status": ["active"]}, "status"),
        ({"started_on": "2027-03-01"}, "started_on"),
        ({"started_on": datetime(2027, 3, 1, 9)}, "started_on"),
        ({"planned_dates": None}, "planned_dates"),
        ({"planned_dates": ["2027-03-02"]}, "planned_dates"),
        ({"sessions": "none"}, "sessions"),
        ({"sessions": [3]}, "sessions[0]"),
        (
            {"sessions": [{"date": "2027-03-02", "pain_before": 3, "response": "stop"}]},
            "sessions[0].date",
        ),
        (
            {"sessions": [{"date": day(1), "pain_before": 11, "response": "stop"}]},
            "sessions[0].pain_before",
        ),
        (
            {"sessions": [{"date": day(1), "pain_before": True, "response": "stop"}]},
            "sessions[0].pain_before",
        ),
        (
            {"sessions": [{"date": day(1), "pain_before": 3, "response": "fine"}]},
            "sessions[0].response",
        ),
        ({"reassessments": [None]}, "reassessments[0]"),
        ({"reassessments": [{"due": "soon", "done": False}]}, "reassessments[0].due"),
        ({"reassessments": [{"due": day(14), "done": "no"}]}, "reassessments[0].done"),
        (
            {"reassessments": [{"due": day(14), "done": False, "trigger": "whim"}]},
            "reassessments[0].trigger",
        ),
        (
            {"reassessments": [{"due": day(14), "done": True, "done_on": "today"}]},
            "reassessments[0].done_on",
        ),
        (
            {"reassessments": [{"due": day(14), "done": False, "done_on": day(14)}]},
            "reassessments[0].done_on",
        ),
    ],
)
def test_bad_programme_input_is_named(changes: dict[str, object], field: str) -> None:
    assert field in errors_of({**programme(), **changes})


def test_a_missing_list_is_named() -> None:
    record = programme()
    del record["sessions"]

    assert errors_of(record) == {"sessions": "This is required: a list (empty for none)."}


def test_a_programme_that_is_not_named_values_is_refused() -> None:
    assert errors_of(["active"]) == {"programme": "A programme must be named values."}


@pytest.mark.parametrize("today", ["2027-03-20", datetime(2027, 3, 20, 9), 20])
def test_today_must_be_a_date(today: object) -> None:
    assert set(errors_of(programme(), today)) == {"today"}


def test_bad_input_is_refused_even_for_a_programme_that_is_not_active() -> None:
    assert "sessions[0]" in errors_of({**programme(status="paused"), "sessions": [1]})


def test_extra_keys_are_ignored() -> None:
    record = {**programme([{**session(19), "id": 7}]), "patient": "x"}

    assert alerts_due(record, day(20)) == []
