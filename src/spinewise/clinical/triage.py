"""Red flags, derived flags and the four-tier triage.

docs/clinical-rules.md §2; Finucane et al. 2020.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spinewise.clinical.codes import (
    OLDER_FIRST_EPISODE,
    RADICULAR_PATTERN,
    RED_FLAGS,
    SEVERE_PAIN,
    PainPattern,
    ProgrammeStart,
    RedFlag,
    Triage,
)
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds


def answered_flags(flags: Mapping[str, bool]) -> list[RedFlag]:
    return [flag for flag in RED_FLAGS if flags.get(flag.code)]


def derived_flags(
    age: int,
    first_episode: bool | None,
    pain_now: int,
    pattern: PainPattern,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> list[RedFlag]:
    found = []
    if age >= thresholds.older_first_episode_age and first_episode is True:
        found.append(OLDER_FIRST_EPISODE)
    if pain_now >= thresholds.severe_pain:
        found.append(SEVERE_PAIN)
    if pattern is PainPattern.RADICULAR:
        found.append(RADICULAR_PATTERN)
    return found


def triage(flags: Iterable[RedFlag]) -> Triage:
    """The highest level among the flags wins; no flag means self-care."""
    highest = max((flag.level for flag in flags), default=None)
    return highest.triage if highest is not None else Triage.SELF_CARE


def programme_start(tier: Triage, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> ProgrammeStart:
    if tier in (Triage.EMERGENCY, Triage.URGENT):
        return ProgrammeStart.BLOCKED
    if tier is Triage.REVIEW or thresholds.require_approval_for_all:
        return ProgrammeStart.NEEDS_APPROVAL
    return ProgrammeStart.ALLOWED
