"""When a reassessment is due: the schedule, its windows and the early triggers.

docs/clinical-rules.md §8. The schedule and the plateau rule are the clinic's own working
rules; Ostelo et al. 2008 for what counts as a meaningful change (outcomes.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TypedDict

from spinewise.clinical.alerts import spoken_date
from spinewise.clinical.codes import AlertKind, ReassessmentTrigger
from spinewise.clinical.errors import ValidationError
from spinewise.clinical.record import (
    DATE_MESSAGE,
    Record,
    check,
    check_today,
    is_date,
    last_days,
    mean,
)
from spinewise.clinical.thresholds import Thresholds, exact, resolve

SCHEDULED = ReassessmentTrigger.SCHEDULED.value


class ReassessmentStatus(TypedDict):
    """What reassessment_status returns (a plain dict at run time)."""

    due: bool
    trigger: str | None  # scheduled | worsening | repeated_flares | plateau, or None
    due_date: date | None
    reason: str
    late: bool  # due, and already past its due window


EARLY_REASONS = {
    ReassessmentTrigger.WORSENING.value: (
        "Your pain before sessions has been higher lately, so a check-up now helps us get "
        "your plan right."
    ),
    ReassessmentTrigger.REPEATED_FLARES.value: (
        "You have had a few flare-ups lately, so a check-up now helps us get your plan right."
    ),
    ReassessmentTrigger.PLATEAU.value: (
        "Your pain has stayed about the same for three weeks, so a check-up now helps us see "
        "what could help next."
    ),
}


def reassessment_schedule(started_on: date, thresholds: Thresholds | None = None) -> list[date]:
    """The scheduled due dates: days 14, 42 and 84 by default (day 0 is started_on; §8)."""
    chosen = resolve(thresholds)
    if not is_date(started_on):
        raise ValidationError([{"field": "started_on", "message": DATE_MESSAGE}])
    days = (chosen.reassessment_day_1, chosen.reassessment_day_2, chosen.reassessment_day_3)
    return [started_on + timedelta(days=day) for day in days]


def plateau(record: Record, today: date, thresholds: Thresholds) -> bool:
    """§8: from day 28, the mean pain_before of each of the last three whole programme weeks
    (days 7k to 7k + 6, each with a session) within less than 1 point of each other, the
    latest 3 or more, and no exercise progressed in the last 14 days.

    "Whole" weeks are the ones already over: on day t the latest is week t // 7 - 1, so the
    week today falls in never counts, even on its last day (docs/clinical-rules.md §8 does
    not say; a week still running can still change).
    """
    t = record.day(today)
    if t < thresholds.plateau_from_day:
        return False
    latest = t // 7 - 1
    means = []
    for week in (latest - 2, latest - 1, latest):
        pains = [s.pain_before for s in record.sessions if record.day(s.on) // 7 == week]
        if not pains:
            return False
        means.append(mean(pains))
    if max(means) - min(means) >= exact(thresholds.plateau_spread_below):
        return False
    if means[-1] < thresholds.plateau_min_pain:
        return False
    window = last_days(today, thresholds.plateau_no_progress_days)
    return not any(window[0] <= on <= window[1] for on in record.progressed_on)


def _status(
    due: bool, trigger: str | None, due_date: date | None, reason: str, late: bool = False
) -> ReassessmentStatus:
    return {"due": due, "trigger": trigger, "due_date": due_date, "reason": reason, "late": late}


def reassessment_status(
    programme: Mapping[str, object], today: date, thresholds: Thresholds | None = None
) -> ReassessmentStatus:
    """Whether a reassessment is due today, and why (docs/clinical-rules.md §8).

    programme: the dict of alerts_due, each reassessment optionally with "trigger" (default
    "scheduled") and, once done, "done_on"; plus "progressed_on" (days any exercise
    progressed) and "open_alerts" (the patient's open alert kinds), both required.
    In this order: the earliest reassessment not done whose window has opened (today >=
    due - 3) is due, with its own trigger and due date; otherwise, unless one was done in
    the last 14 days (done on day d: none on days d to d + 13), an open worsening alert,
    then an open repeated_flares alert, then a plateau makes one due today; otherwise it is
    not due and "due_date" is the next one not done (or None). "late" says the due window
    has closed.
    """
    errors: list[dict[str, str]] = []
    chosen = resolve(thresholds)
    record = check(programme, errors, for_status=True)
    on = check_today(today, errors)
    if errors:
        raise ValidationError(errors)
    assert record is not None  # check() returns None only with errors
    window = timedelta(days=chosen.reassessment_window_days)
    waiting = sorted(
        (r for r in record.reassessments if not r.done), key=lambda r: r.due
    )  # sorted() is stable: equal due dates keep their order
    opened = [r for r in waiting if on >= r.due - window]
    if opened:
        first = opened[0]
        late = on > first.due + window
        if first.trigger != SCHEDULED:
            reason = EARLY_REASONS[first.trigger]
        elif late:
            reason = (
                f"Your check-up was due on {spoken_date(first.due)}. Please do it soon, so "
                "your plan stays right for you."
            )
        else:
            reason = (
                "It is time for your check-up: a few questions about your pain and daily "
                "life, to see how you are getting on."
            )
        return _status(True, first.trigger, first.due, reason, late)
    # docs/clinical-rules.md §8: done on day d, no early trigger on days d to d + 13. An entry
    # marked done without done_on starts no pause: the rules cannot tell when it began, and
    # a reassessment too many is the safer mistake. The programme's status is not read:
    # §8 does not make a paused plan's reassessments wait.
    pause = chosen.early_trigger_pause_days
    resting = any(
        r.done_on is not None and 0 <= (on - r.done_on).days < pause for r in record.reassessments
    )
    if not resting:
        for kind in (AlertKind.WORSENING, AlertKind.REPEATED_FLARES):
            if kind.value in record.open_alerts:
                return _status(True, kind.value, on, EARLY_REASONS[kind.value])
        if plateau(record, on, chosen):
            trigger = ReassessmentTrigger.PLATEAU.value
            return _status(True, trigger, on, EARLY_REASONS[trigger])
    if waiting:
        reason = f"Your next check-up is on {spoken_date(waiting[0].due)}."
        return _status(False, None, waiting[0].due, reason)
    return _status(False, None, None, "There are no more check-ups planned for now.")
