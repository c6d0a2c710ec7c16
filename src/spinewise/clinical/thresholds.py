"""Every number the rules use, with the defaults of docs/clinical-rules.md.

A clinic may pass its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
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
}


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
    if chosen.sessions_gentle > chosen.sessions_standard:
        errors.append(
            {"field": "sessions_gentle", "message": "This cannot be more than the usual sessions."}
        )
    if errors:
        raise ValidationError(errors)
    return chosen
