"""Checking assessment answers (docs/clinical-rules.md §1): all problems at once, in plain words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spinewise.clinical.codes import (
    ITEM_CODES,
    ODI_CODES,
    RED_FLAG_CODES,
    REQUIRED_RED_FLAG_CODES,
    SB_BOTHERSOMENESS,
    STARTBACK_YES_NO,
    Bothersomeness,
    Duration,
    LegSymptoms,
    Movement,
)
from spinewise.clinical.errors import ValidationError
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds

KNOWN_CODES = frozenset(ITEM_CODES)
REQUIRED_CODES = frozenset(
    {"age", "pain_now", "duration", "leg_symptoms", *REQUIRED_RED_FLAG_CODES}
)
OPTIONAL_YES_NO = ("leg_numbness_tingling", "leg_pain_worse_than_back")


@dataclass(frozen=True)
class Answers:
    age: int
    pain_now: int
    pain_worst_week: int | None
    duration: str
    first_episode: bool | None
    leg_symptoms: str
    leg_numbness_tingling: bool
    leg_pain_worse_than_back: bool
    worse_with: frozenset[str]
    better_with: frozenset[str]
    flags: Mapping[str, bool]  # every red-flag code, missing optional ones as False
    startback: Mapping[str, object]  # only the items answered
    odi: Mapping[str, int]  # only the sections answered


Choices = type[Movement] | type[Duration] | type[LegSymptoms] | type[Bothersomeness]
# Allowed values of each closed set, built once: assess() runs on every submission.
_ALLOWED: dict[Choices, frozenset[str]] = {
    kind: frozenset(v.value for v in kind)
    for kind in (Movement, Duration, LegSymptoms, Bothersomeness)
}


def _choices(values: Choices) -> str:
    return ", ".join(v.value for v in values)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Checker:
    def __init__(self, raw: Mapping[str, object]) -> None:
        self.raw = raw
        self.errors: list[dict[str, str]] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append({"field": field, "message": message})

    def yes_no(self, code: str) -> bool | None:
        value = self.raw.get(code)
        if value is None:
            if code in REQUIRED_CODES:
                self.fail(code, "Please answer yes or no (true or false).")
            return None
        if not isinstance(value, bool):
            self.fail(code, "This must be yes or no (true or false).")
            return None
        return value

    def whole_number(self, code: str, low: int, high: int, extra: str = "") -> int | None:
        value = self.raw.get(code)
        if _is_int(value) and low <= value <= high:  # type: ignore[operator]
            return value  # type: ignore[return-value]
        # The message is only built when needed: this runs for about 15 items per answer set.
        allowed = f"This must be a whole number from {low} to {high}.{extra}"
        if value is None:
            if code in REQUIRED_CODES:
                self.fail(code, f"This is required. {allowed}")
            return None
        self.fail(code, allowed)
        return None

    def choice(
        self, code: str, allowed: type[Duration] | type[LegSymptoms] | type[Bothersomeness]
    ) -> str | None:
        value = self.raw.get(code)
        if value is None:
            if code in REQUIRED_CODES:
                self.fail(code, f"This is required. Choose one of: {_choices(allowed)}.")
            return None
        if not isinstance(value, str) or value not in _ALLOWED[allowed]:
            self.fail(code, f"This must be one of: {_choices(allowed)}.")
            return None
        return value

    def movements(self, code: str) -> frozenset[str]:
        value = self.raw.get(code)
        if value is None:
            return frozenset()
        allowed = _ALLOWED[Movement]
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) and v in allowed for v in value
        ):
            self.fail(code, f"This must be a list of any of: {_choices(Movement)}.")
            return frozenset()
        return frozenset(value)


def validate_answers(
    raw: Mapping[str, object], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Answers:
    """Check every answer; raise ValidationError listing every problem, or return Answers."""
    if not isinstance(raw, Mapping):
        raise ValidationError([{"field": "answers", "message": "Answers must be named values."}])
    check = _Checker(raw)
    for code in raw:
        if code not in KNOWN_CODES:
            check.fail(str(code), "This is not a question we ask. Remove it or check its spelling.")
    age = check.whole_number(
        "age",
        thresholds.min_age,
        thresholds.max_age,
        f" This service is for people aged {thresholds.min_age} and over.",
    )
    pain_now = check.whole_number("pain_now", 0, 10, " 0 is no pain, 10 the worst imaginable.")
    pain_worst = check.whole_number("pain_worst_week", 0, 10)
    duration = check.choice("duration", Duration)
    first_episode = check.yes_no("first_episode")
    leg = check.choice("leg_symptoms", LegSymptoms)
    flags = {code: bool(check.yes_no(code)) for code in RED_FLAG_CODES}
    optional = {code: bool(check.yes_no(code)) for code in OPTIONAL_YES_NO}
    worse, better = check.movements("worse_with"), check.movements("better_with")
    startback: dict[str, object] = {}
    for code in STARTBACK_YES_NO:
        answer = check.yes_no(code)
        if answer is not None:
            startback[code] = answer
    bother = check.choice(SB_BOTHERSOMENESS, Bothersomeness)
    if bother is not None:
        startback[SB_BOTHERSOMENESS] = bother
    odi = {}
    for code in ODI_CODES:
        score = check.whole_number(code, 0, 5)
        if score is not None:
            odi[code] = score
    if check.errors:
        raise ValidationError(check.errors)
    return Answers(
        age=age,  # type: ignore[arg-type]
        pain_now=pain_now,  # type: ignore[arg-type]
        pain_worst_week=pain_worst,
        duration=duration,  # type: ignore[arg-type]
        first_episode=first_episode,
        leg_symptoms=leg,  # type: ignore[arg-type]
        leg_numbness_tingling=optional["leg_numbness_tingling"],
        leg_pain_worse_than_back=optional["leg_pain_worse_than_back"],
        worse_with=worse,
        better_with=better,
        flags=flags,
        startback=startback,
        odi=odi,
    )
