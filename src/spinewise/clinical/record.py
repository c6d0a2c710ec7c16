"""A programme's record, as the alert sweep and the reassessment status read it.

docs/clinical-rules.md §7 and §8. The input is plain data (dicts, lists, datetime.date);
check() turns it into the frozen Record below or raises ValidationError naming each bad
field. Keys the rules do not use are ignored, so the app may pass richer dicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from spinewise.clinical.codes import (
    AlertKind,
    ProgrammeStatus,
    ReassessmentTrigger,
    SessionResponse,
)

STATUSES = frozenset(s.value for s in ProgrammeStatus)
RESPONSES = frozenset(r.value for r in SessionResponse)
TRIGGERS = frozenset(t.value for t in ReassessmentTrigger)
ALERT_KINDS = frozenset(k.value for k in AlertKind)
DATE_MESSAGE = "This must be a date (datetime.date), not a time or text."


@dataclass(frozen=True)
class Session:
    on: date
    pain_before: int
    response: str


@dataclass(frozen=True)
class Reassessment:
    due: date
    done: bool
    trigger: str = ReassessmentTrigger.SCHEDULED.value
    done_on: date | None = None


@dataclass(frozen=True)
class Record:
    status: str
    started_on: date
    planned_dates: frozenset[date]
    sessions: tuple[Session, ...]
    reassessments: tuple[Reassessment, ...]
    progressed_on: tuple[date, ...] = ()
    open_alerts: frozenset[str] = frozenset()

    def day(self, on: date) -> int:
        """The programme day of a date: its first day is day 0."""
        return (on - self.started_on).days


def one_of(value: object, allowed: frozenset[str]) -> bool:
    """A code from a closed set (a list or dict is never one, and never raises)."""
    return isinstance(value, str) and value in allowed


def is_date(value: object) -> bool:
    # A datetime is a date too in Python; a moment in time is not a programme day.
    return isinstance(value, date) and not isinstance(value, datetime)


def last_days(today: date, days: int) -> tuple[date, date]:
    """§7: "the last N days" are today and the N - 1 days before it (first, last)."""
    return today - timedelta(days=days - 1), today


def mean(values: list[int]) -> Fraction:
    return Fraction(sum(values), len(values))


def check_today(today: object, errors: list[dict[str, str]]) -> date:
    if not is_date(today):
        errors.append({"field": "today", "message": DATE_MESSAGE})
        return date.min
    return today  # type: ignore[return-value]


def _list(
    programme: Mapping[str, object], key: str, errors: list[dict[str, str]]
) -> list[object] | tuple[object, ...]:
    value = programme.get(key)
    if not isinstance(value, list | tuple):
        errors.append({"field": key, "message": "This is required: a list (empty for none)."})
        return ()
    return value


def _dates(
    programme: Mapping[str, object], key: str, errors: list[dict[str, str]]
) -> tuple[date, ...]:
    values = _list(programme, key, errors)
    good = tuple(v for v in values if is_date(v))
    if len(good) != len(values):
        errors.append({"field": key, "message": "This must be a list of dates (datetime.date)."})
    return good  # type: ignore[return-value]


def _sessions(programme: Mapping[str, object], errors: list[dict[str, str]]) -> tuple[Session, ...]:
    sessions = []
    for i, raw in enumerate(_list(programme, "sessions", errors)):
        field = f"sessions[{i}]"
        if not isinstance(raw, Mapping):
            errors.append(
                {
                    "field": field,
                    "message": 'This must be named values: "date", "pain_before", "response".',
                }
            )
            continue
        on, pain, response = raw.get("date"), raw.get("pain_before"), raw.get("response")
        ok = True
        if not is_date(on):
            ok = False
            errors.append({"field": f"{field}.date", "message": DATE_MESSAGE})
        if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
            ok = False
            errors.append(
                {
                    "field": f"{field}.pain_before",
                    "message": "This must be a whole number from 0 to 10.",
                }
            )
        if not one_of(response, RESPONSES):
            ok = False
            errors.append(
                {
                    "field": f"{field}.response",
                    "message": f"This must be one of: {', '.join(SessionResponse)}.",
                }
            )
        if ok:
            sessions.append(Session(on, pain, response))  # type: ignore[arg-type]
    return tuple(sessions)


def _reassessments(
    programme: Mapping[str, object], errors: list[dict[str, str]]
) -> tuple[Reassessment, ...]:
    entries = []
    for i, raw in enumerate(_list(programme, "reassessments", errors)):
        field = f"reassessments[{i}]"
        if not isinstance(raw, Mapping):
            errors.append({"field": field, "message": 'This must be named values: "due", "done".'})
            continue
        due, done = raw.get("due"), raw.get("done")
        trigger = raw.get("trigger") or ReassessmentTrigger.SCHEDULED.value
        done_on = raw.get("done_on")
        ok = True
        if not is_date(due):
            ok = False
            errors.append({"field": f"{field}.due", "message": DATE_MESSAGE})
        if not isinstance(done, bool):
            ok = False
            errors.append({"field": f"{field}.done", "message": "This must be true or false."})
        if not one_of(trigger, TRIGGERS):
            ok = False
            errors.append(
                {
                    "field": f"{field}.trigger",
                    "message": f"This must be one of: {', '.join(ReassessmentTrigger)}.",
                }
            )
        if done_on is not None and (not is_date(done_on) or done is False):
            ok = False
            message = DATE_MESSAGE if not is_date(done_on) else "Only a done reassessment has this."
            errors.append({"field": f"{field}.done_on", "message": message})
        if ok:
            entries.append(Reassessment(due, done, trigger, done_on))  # type: ignore[arg-type]
    return tuple(entries)


def check(
    programme: object, errors: list[dict[str, str]], *, for_status: bool = False
) -> Record | None:
    """The programme dict as a Record; each problem is added to errors (then None)."""
    if not isinstance(programme, Mapping):
        errors.append({"field": "programme", "message": "A programme must be named values."})
        return None
    status, started_on = programme.get("status"), programme.get("started_on")
    if not one_of(status, STATUSES):
        errors.append(
            {"field": "status", "message": f"This must be one of: {', '.join(ProgrammeStatus)}."}
        )
    if not is_date(started_on):
        errors.append({"field": "started_on", "message": DATE_MESSAGE})
    planned = _dates(programme, "planned_dates", errors)
    sessions = _sessions(programme, errors)
    reassessments = _reassessments(programme, errors)
    progressed: tuple[date, ...] = ()
    open_alerts: list[object] | tuple[object, ...] = ()
    if for_status:
        progressed = _dates(programme, "progressed_on", errors)
        open_alerts = _list(programme, "open_alerts", errors)
        if not all(one_of(kind, ALERT_KINDS) for kind in open_alerts):
            errors.append(
                {
                    "field": "open_alerts",
                    "message": f"This must be a list of alert kinds: {', '.join(AlertKind)}.",
                }
            )
    if errors:
        return None
    return Record(
        status=status,  # type: ignore[arg-type]
        started_on=started_on,  # type: ignore[arg-type]
        planned_dates=frozenset(planned),
        sessions=sessions,
        reassessments=reassessments,
        progressed_on=progressed,
        open_alerts=frozenset(open_alerts),  # type: ignore[arg-type]
    )
