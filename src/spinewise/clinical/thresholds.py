"""Every number the rules use, with the defaults of docs/clinical-rules.md.

A clinic may pass its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from spinewise.clinical.errors import ValidationError


@dataclass(frozen=True)
class Thresholds:
    # §1 answers
    min_age: int = 16
    max_age: int = 110
    # §2 derived flags
    older_first_episode_age: int = 50
    severe_pain: int = 9
    # §2 programme_start: a clinic may require approval for every plan
    require_approval_for_all: bool = False
    # §3 STarT Back-style (Hill et al. 2008)
    startback_low_max_total: int = 3
    startback_high_min_psychosocial: int = 4
    # §4 Oswestry-style (Fairbank & Pynsent 2000): band upper edges, whole-number score
    odi_min_answered: int = 8
    odi_band_edges: tuple[int, int, int, int] = (20, 40, 60, 80)
    # §6 programme start: bottom rung when pain or ODI is high
    gentle_start_pain: int = 7
    gentle_start_odi: int = 41
    sessions_gentle: int = 3
    sessions_standard: int = 4
    # §6 phases: "settle and move" from week 1, then these first weeks of the next two
    build_control_from_week: int = 3
    strengthen_from_week: int = 7
    # §6 session response (pain-monitoring model, Silbernagel et al. 2007)
    stop_peak: int = 8
    too_much_peak_above: int = 5
    next_morning_rise: int = 2
    # §6 decisions: progress after this many good entries in a row ("one entry is not
    # enough"), step back after this many partial or too-hard ones; graded-activity mode
    # progresses a week when done >= planned x this share (two thirds; compared exactly)
    progress_after_good_sessions: int = 2
    back_after_hard_sessions: int = 2
    graded_done_share: float = 2 / 3
    # §7 the sweep: "the last N days" are today and the N - 1 days before it
    worsening_window_days: int = 7  # each window; checked from day 2 x this - 1 (day 13)
    worsening_rise: int = 2
    repeated_flares_count: int = 2
    repeated_flares_days: int = 14
    inactive_days: int = 7
    low_adherence_days: int = 14  # the window, and the day the check starts
    low_adherence_share: float = 0.5  # alert when done < planned x this (done x 2 < planned)
    reassessment_overdue_days: int = 7  # alert when today - due is more than this
    # §8 reassessment: scheduled days (day 0 = first day), the due window either side,
    # the pause in early triggers after one is done, and the plateau
    reassessment_day_1: int = 14
    reassessment_day_2: int = 42
    reassessment_day_3: int = 84
    reassessment_window_days: int = 3
    early_trigger_pause_days: int = 14
    plateau_from_day: int = 28
    plateau_spread_below: float = 1.0
    plateau_min_pain: int = 3
    plateau_no_progress_days: int = 14
    # §8 meaningful change (Ostelo et al. 2008)
    pain_change_points: int = 2
    pain_change_fraction: float = 0.30
    pain_change_min_points: int = 1
    odi_change_points: float = 10.0
    odi_change_fraction: float = 0.30

    def changes(self) -> dict[str, object]:
        """What differs from the defaults, as JSON-ready values: stored with each result,
        so it can be explained later with the numbers that made it."""
        changed: dict[str, object] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value != getattr(DEFAULT_THRESHOLDS, name):
                changed[name] = list(value) if isinstance(value, tuple) else value
        return changed


DEFAULT_THRESHOLDS = Thresholds()


# What a clinic may change (docs/clinical-rules.md: "every threshold is a default that a clinic may
# change in its settings") and the range each must stay in, so a typing slip cannot turn
# a rule off. `require_approval_for_all` is the clinic's own plan-approval switch instead.
LIMITS: dict[str, tuple[float, float]] = {
    "min_age": (16, 110),
    "max_age": (16, 120),
    "older_first_episode_age": (16, 110),
    "severe_pain": (1, 10),
    "startback_low_max_total": (0, 9),
    "startback_high_min_psychosocial": (0, 5),
    "odi_min_answered": (1, 10),
    "odi_band_edges": (0, 100),
    "gentle_start_pain": (0, 10),
    "gentle_start_odi": (0, 100),
    "sessions_gentle": (3, 5),  # §6: 3-5 exercise sessions a week
    "sessions_standard": (3, 5),
    "build_control_from_week": (2, 11),
    "strengthen_from_week": (3, 12),
    "stop_peak": (1, 10),
    "too_much_peak_above": (0, 10),
    "next_morning_rise": (1, 10),
    "pain_change_points": (1, 10),
    "pain_change_fraction": (0.05, 1.0),
    "pain_change_min_points": (0, 10),
    "odi_change_points": (1.0, 100.0),
    "odi_change_fraction": (0.05, 1.0),
    # §6-§8 (rules 2026.12): progression, the alert sweep and reassessment.
    "progress_after_good_sessions": (2, 5),  # §6: one good entry is never enough
    "back_after_hard_sessions": (1, 5),
    "graded_done_share": (0.5, 1.0),
    "worsening_window_days": (5, 14),
    "worsening_rise": (1, 5),
    "repeated_flares_count": (2, 5),
    "repeated_flares_days": (7, 28),
    "inactive_days": (3, 28),
    "low_adherence_days": (7, 28),
    "low_adherence_share": (0.25, 0.9),
    "reassessment_overdue_days": (1, 28),
    "reassessment_day_1": (7, 28),
    "reassessment_day_2": (21, 63),
    "reassessment_day_3": (56, 112),
    "reassessment_window_days": (0, 7),
    "early_trigger_pause_days": (7, 28),
    "plateau_from_day": (21, 84),  # three whole weeks must have passed
    "plateau_spread_below": (0.5, 3.0),
    "plateau_min_pain": (1, 10),
    "plateau_no_progress_days": (7, 28),
}


def exact(value: float) -> Fraction:
    """A share or spread as the fraction it was meant to be (2/3, not 0.666...), so rules
    such as done x 3 >= planned x 2 hold exactly at their edges (docs/clinical-rules.md §6)."""
    return Fraction(value).limit_denominator(1000)


def _checked(name: str, value: object, errors: list[dict[str, str]]) -> object:
    low, high = LIMITS[name]
    default = getattr(DEFAULT_THRESHOLDS, name)
    if name == "odi_band_edges":
        edges = list(value) if isinstance(value, list | tuple) else []
        if (
            len(edges) != 4
            or not all(isinstance(e, int) and not isinstance(e, bool) for e in edges)
            or not all(low <= e <= high for e in edges)
            or edges != sorted(set(edges))
        ):
            errors.append(
                {"field": name, "message": "This must be 4 whole numbers from 0 to 100, rising."}
            )
            return default
        return tuple(edges)
    whole = isinstance(default, int)
    number_ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not number_ok or (whole and not isinstance(value, int)) or not low <= value <= high:  # type: ignore[operator]
        kind = "a whole number" if whole else "a number"
        errors.append({"field": name, "message": f"This must be {kind} from {low:g} to {high:g}."})
        return default
    return value


def thresholds_from(
    overrides: Mapping[str, object], *, require_approval_for_all: bool = False
) -> Thresholds:
    """The defaults with a clinic's changes; ValidationError naming each change not allowed."""
    if not isinstance(overrides, Mapping):
        raise ValidationError(
            [{"field": "thresholds", "message": "Thresholds must be named values."}]
        )
    errors: list[dict[str, str]] = []
    values: dict[str, Any] = {}
    for name, value in overrides.items():
        if name not in LIMITS:
            errors.append({"field": str(name), "message": "A clinic cannot set this threshold."})
            continue
        values[name] = _checked(name, value, errors)
    chosen = replace(
        DEFAULT_THRESHOLDS, **values, require_approval_for_all=require_approval_for_all
    )
    if chosen.min_age >= chosen.max_age:
        errors.append({"field": "max_age", "message": "This must be above the lowest age."})
    if chosen.strengthen_from_week <= chosen.build_control_from_week:
        errors.append(
            {
                "field": "strengthen_from_week",
                "message": "This must come after the week that builds control.",
            }
        )
    days = (chosen.reassessment_day_1, chosen.reassessment_day_2, chosen.reassessment_day_3)
    if not days[0] < days[1] < days[2]:
        errors.append(
            {
                "field": "reassessment_day_2" if days[0] >= days[1] else "reassessment_day_3",
                "message": "Each reassessment must come after the one before.",
            }
        )
    if chosen.reassessment_overdue_days < chosen.reassessment_window_days:
        errors.append(
            {
                "field": "reassessment_overdue_days",
                "message": "This cannot be shorter than the reassessment window.",
            }
        )
    if chosen.sessions_gentle > chosen.sessions_standard:
        errors.append(
            {"field": "sessions_gentle", "message": "This cannot be more than the usual sessions."}
        )
    if errors:
        raise ValidationError(errors)
    return chosen


def resolve(thresholds: Thresholds | None) -> Thresholds:
    """The thresholds a rule runs with: the defaults when none are given."""
    if thresholds is None:
        return DEFAULT_THRESHOLDS
    if not isinstance(thresholds, Thresholds):
        raise ValidationError(
            [{"field": "thresholds", "message": "This must be Thresholds from thresholds_from."}]
        )
    return thresholds
