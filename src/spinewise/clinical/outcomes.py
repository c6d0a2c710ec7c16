"""Clinically meaningful change against the baseline.

docs/clinical-rules.md §8; Ostelo et al. 2008.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from spinewise.clinical.codes import Change
from spinewise.clinical.errors import ValidationError
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds


def pain_change(before: int, now: int, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Change:
    fall = before - now
    if fall >= thresholds.pain_change_points or (
        fall >= thresholds.pain_change_min_points
        and before > 0
        and fall / before >= thresholds.pain_change_fraction
    ):
        return Change.IMPROVED
    if -fall >= thresholds.pain_change_points:
        return Change.WORSE
    return Change.NO_MEANINGFUL_CHANGE


def _as_written(value: float) -> Decimal:
    # Decimal of the shortest repr, so 16.4 - 6.4 is exactly 10 and 7.0 -> 4.9 exactly 30 %;
    # binary floats would give 9.999999999999998 and miss the boundary (docs/clinical-rules.md §8).
    return Decimal(repr(value))


def disability_change(
    before: float | None, now: float | None, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Change:
    if before is None or now is None:
        return Change.UNKNOWN
    fall = _as_written(before) - _as_written(now)
    points = _as_written(thresholds.odi_change_points)
    if fall >= points or (
        fall > 0 and fall >= _as_written(before) * _as_written(thresholds.odi_change_fraction)
    ):
        return Change.IMPROVED
    if -fall >= points:
        return Change.WORSE
    return Change.NO_MEANINGFUL_CHANGE


def _measures(
    side: str, values: Mapping[str, object], errors: list[dict[str, str]]
) -> tuple[int, float | None]:
    if not isinstance(values, Mapping):
        errors.append({"field": side, "message": "This must be named values: pain and odi_pct."})
        return 0, None
    pain, odi = values.get("pain"), values.get("odi_pct")
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        errors.append(
            {"field": f"{side}.pain", "message": "This must be a whole number from 0 to 10."}
        )
        pain = 0
    if odi is not None and (
        isinstance(odi, bool) or not isinstance(odi, int | float) or not 0 <= odi <= 100
    ):
        errors.append(
            {"field": f"{side}.odi_pct", "message": "This must be a number from 0 to 100, or null."}
        )
        odi = None
    return pain, odi


def compare_outcomes(
    baseline: Mapping[str, object],
    now: Mapping[str, object],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> dict[str, str]:
    errors: list[dict[str, str]] = []
    pain_before, odi_before = _measures("baseline", baseline, errors)
    pain_now, odi_now = _measures("now", now, errors)
    if errors:
        raise ValidationError(errors)
    pain = pain_change(pain_before, pain_now, thresholds)
    disability = disability_change(odi_before, odi_now, thresholds)
    both = (pain, disability)
    if Change.WORSE in both:
        overall = Change.WORSE
    elif Change.IMPROVED in both:
        overall = Change.IMPROVED
    else:
        overall = Change.NO_MEANINGFUL_CHANGE
    return {"pain": pain.value, "disability": disability.value, "overall": overall.value}
