"""Alerts for the clinic: the ones raised at once, and the periodic sweep.

docs/clinical-rules.md §7. Each alert is {"kind", "severity", "reason"}; the app keeps at
most one open alert per patient and kind (deduplicating is the app's, not the rules').
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import TypedDict

from spinewise.clinical.codes import (
    ALERT_SEVERITY,
    EMERGENCY_CODES,
    RED_FLAG_CODES,
    RED_FLAGS_BY_CODE,
    AlertKind,
    ProgrammeStatus,
    SessionResponse,
)
from spinewise.clinical.errors import ValidationError
from spinewise.clinical.record import (
    RESPONSES,
    Record,
    check,
    check_today,
    last_days,
    mean,
    one_of,
)
from spinewise.clinical.thresholds import Thresholds, exact, resolve

RED_FLAG_SET = frozenset(RED_FLAG_CODES)


class Alert(TypedDict):
    """One alert (a plain dict at run time)."""

    kind: str  # an AlertKind
    severity: str  # critical | high | medium | low
    reason: str


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def alert(kind: AlertKind, reason: str) -> Alert:
    return {"kind": kind.value, "severity": ALERT_SEVERITY[kind].value, "reason": reason}


def spoken_date(on: date) -> str:
    """3 March 2027: the same in every locale."""
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


def one_decimal(value: Fraction) -> str:
    """A mean pain to one decimal, halves up (6.25 -> 6.3)."""
    tenths = math.floor(value * 10 + Fraction(1, 2))
    return f"{tenths // 10}.{tenths % 10}"


def _symptoms(value: object, field: str, errors: list[dict[str, str]]) -> list[str]:
    if not isinstance(value, list | tuple) or not all(one_of(c, RED_FLAG_SET) for c in value):
        errors.append({"field": field, "message": "This must be a list of red-flag codes."})
        return []
    return list(value)


def _meanings(codes: Sequence[str]) -> str:
    return "; ".join(dict.fromkeys(RED_FLAGS_BY_CODE[code].meaning for code in codes))


def _immediate(symptoms: list[str], stopped: bool, who: str) -> list[Alert]:
    # docs/clinical-rules.md §6: any new symptom makes a stop, so a symptom alerts even if the
    # response given with it is not "stop" (the safe reading of inconsistent input).
    emergency = [code for code in symptoms if code in EMERGENCY_CODES]
    if emergency:
        return [
            alert(
                AlertKind.RED_FLAG_SYMPTOM,
                f"The patient {who} a symptom that needs emergency care: {_meanings(emergency)}.",
            )
        ]
    if symptoms:
        return [
            alert(
                AlertKind.SAFETY_STOP,
                f"The patient {who} a new symptom that needs checking: {_meanings(symptoms)}. "
                "The plan is paused.",
            )
        ]
    if stopped:
        return [
            alert(
                AlertKind.SAFETY_STOP,
                "The patient's session had to stop: something felt wrong, the pain was very "
                "high, or leg symptoms spread further. The plan is paused.",
            )
        ]
    return []


def alerts_for_session(response: str, new_symptoms: Sequence[str]) -> list[Alert]:
    """The alerts a stored session raises at once (docs/clinical-rules.md §7).

    An emergency-level new symptom (§2): red_flag_symptom (critical). Any other stop, or any
    other new symptom (which always makes a stop): safety_stop (high). Otherwise none.
    """
    errors: list[dict[str, str]] = []
    if not one_of(response, RESPONSES):
        errors.append(
            {"field": "response", "message": f"This must be one of: {', '.join(SessionResponse)}."}
        )
    symptoms = _symptoms(new_symptoms, "new_symptoms", errors)
    if errors:
        raise ValidationError(errors)
    return _immediate(symptoms, response == SessionResponse.STOP, "logged")


def alerts_for_concern(symptoms: Sequence[str], felt_off: bool) -> list[Alert]:
    """The alert a "something feels off" report raises at once (docs/clinical-rules.md §7):
    red_flag_symptom (critical) with an emergency-level symptom, otherwise safety_stop
    (high). Always exactly one: every report pauses the plan and tells the clinic."""
    errors: list[dict[str, str]] = []
    codes = _symptoms(symptoms, "symptoms", errors)
    if not isinstance(felt_off, bool):
        errors.append({"field": "felt_off", "message": "This must be true or false."})
    if errors:
        raise ValidationError(errors)
    found = _immediate(codes, False, "reported")
    return found or [
        alert(
            AlertKind.SAFETY_STOP,
            "The patient reported that something feels off. The plan is paused.",
        )
    ]


def _in(on: date, window: tuple[date, date]) -> bool:
    return window[0] <= on <= window[1]


def worsening(record: Record, today: date, thresholds: Thresholds) -> Alert | None:
    """§7: mean pain_before of the last N days >= that of days 0 to N - 1, plus the rise;
    only from day 2N - 1 (the windows no longer overlap), each window with a session."""
    days = thresholds.worsening_window_days
    if record.day(today) < 2 * days - 1:
        return None
    window = last_days(today, days)
    first = [s.pain_before for s in record.sessions if 0 <= record.day(s.on) < days]
    last = [s.pain_before for s in record.sessions if _in(s.on, window)]
    if not first or not last or mean(last) < mean(first) + thresholds.worsening_rise:
        return None
    return alert(
        AlertKind.WORSENING,
        f"Pain before sessions in the last {days} days averaged {one_decimal(mean(last))} out "
        f"of 10, up from {one_decimal(mean(first))} in the first {days} days of the programme.",
    )


def repeated_flares(record: Record, today: date, thresholds: Thresholds) -> Alert | None:
    days = thresholds.repeated_flares_days
    window = last_days(today, days)
    flares = sum(
        1 for s in record.sessions if s.response == SessionResponse.TOO_MUCH and _in(s.on, window)
    )
    if flares < thresholds.repeated_flares_count:
        return None
    return alert(
        AlertKind.REPEATED_FLARES,
        f"{flares} sessions in the last {days} days were too much (flare-ups).",
    )


def inactive(record: Record, today: date, thresholds: Thresholds) -> Alert | None:
    days = thresholds.inactive_days
    window = last_days(today, days)
    if record.day(today) < days or any(_in(s.on, window) for s in record.sessions):
        return None
    before = [s.on for s in record.sessions if s.on < window[0]]
    last = f" The last one was on {spoken_date(max(before))}." if before else ""
    return alert(AlertKind.INACTIVE, f"No session has been logged in the last {days} days.{last}")


def low_adherence(record: Record, today: date, thresholds: Thresholds) -> Alert | None:
    days = thresholds.low_adherence_days
    if record.day(today) < days:
        return None
    window = last_days(today, days)
    # docs/clinical-rules.md §7 counts "sessions done" without saying which: every logged
    # session in the window counts, also one on a day that was not planned (doing the
    # sessions on other days is still doing them); planned days count once each.
    planned = sum(1 for on in record.planned_dates if _in(on, window))
    done = sum(1 for s in record.sessions if _in(s.on, window))
    share = exact(thresholds.low_adherence_share)
    if planned == 0 or done * share.denominator >= planned * share.numerator:
        return None
    return alert(
        AlertKind.LOW_ADHERENCE,
        f"{done} of {planned} planned sessions were done in the last {days} days.",
    )


def reassessment_overdue(record: Record, today: date, thresholds: Thresholds) -> Alert | None:
    # docs/clinical-rules.md §7's table says "a scheduled reassessment", its sweep rule just
    # "today - due date": every reassessment not done counts, an early one too (one nobody
    # did is as much a concern as a scheduled one).
    late = sorted(
        r.due
        for r in record.reassessments
        if not r.done and (today - r.due).days > thresholds.reassessment_overdue_days
    )
    if not late:
        return None
    days = (today - late[0]).days
    more = f" {len(late)} reassessments are late in all." if len(late) > 1 else ""
    return alert(
        AlertKind.REASSESSMENT_OVERDUE,
        f"A reassessment due on {spoken_date(late[0])} is {days} days late and not done.{more}",
    )


SWEEP = (worsening, repeated_flares, inactive, low_adherence, reassessment_overdue)


def alerts_due(
    programme: Mapping[str, object], today: date, thresholds: Thresholds | None = None
) -> list[Alert]:
    """The periodic sweep for one programme (docs/clinical-rules.md §7).

    Day 0 is started_on; "the last N days" are today and the N - 1 days before it. Returns
    each of worsening, repeated_flares, inactive, low_adherence and reassessment_overdue at
    most once, in that order; [] for a programme that is not active.
    """
    errors: list[dict[str, str]] = []
    chosen = resolve(thresholds)
    record = check(programme, errors)
    on = check_today(today, errors)
    if errors:
        raise ValidationError(errors)
    assert record is not None  # check() returns None only with errors
    if record.status != ProgrammeStatus.ACTIVE:
        return []
    return [found for rule in SWEEP if (found := rule(record, on, chosen)) is not None]
