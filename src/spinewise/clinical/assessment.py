"""assess(): from answers to a triaged, explained result (docs/clinical-rules.md §1–5)."""

from __future__ import annotations

from collections.abc import Mapping

from spinewise.clinical.advice import next_steps, reasons
from spinewise.clinical.answers import validate_answers
from spinewise.clinical.codes import (
    RED_FLAGS,
    DirectionalPreference,
    DisabilityBand,
    Level,
    PainPattern,
    ProgrammeStart,
    RiskGroup,
    Triage,
)
from spinewise.clinical.disability import Disability, oswestry_disability
from spinewise.clinical.pattern import directional_preference, pain_pattern
from spinewise.clinical.result import AssessmentResult
from spinewise.clinical.risk import Risk, startback_risk
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds
from spinewise.clinical.triage import answered_flags, derived_flags, programme_start, triage


def assess(
    answers: Mapping[str, object], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> AssessmentResult:
    """Evaluate a complete set of answers; raise ValidationError naming every bad field."""
    checked = validate_answers(answers, thresholds)
    pattern = pain_pattern(
        checked.leg_symptoms, checked.leg_numbness_tingling, checked.leg_pain_worse_than_back
    )
    flags = answered_flags(checked.flags) + derived_flags(
        checked.age, checked.first_episode, checked.pain_now, pattern, thresholds
    )
    tier = triage(flags)
    risk = startback_risk(checked.startback, thresholds)
    disability = oswestry_disability(checked.odi, thresholds)
    start = programme_start(tier, thresholds)
    checked_first = start is ProgrammeStart.NEEDS_APPROVAL or risk.group is RiskGroup.HIGH
    return AssessmentResult(
        triage=tier,
        programme_start=start,
        red_flags=tuple(flags),
        risk=risk,
        disability=disability,
        pain_pattern=pattern,
        directional_preference=directional_preference(checked.worse_with, checked.better_with),
        next_steps=tuple(next_steps(tier, plan_checked_first=checked_first)),
        reasons=tuple(reasons(tier, flags, risk, disability)),
    )


def screen_emergency(answers: Mapping[str, object]) -> AssessmentResult | None:
    """Before the questionnaire is finished: an emergency-level "yes" is already enough.

    Lets the pages stop at once and show the emergency advice (docs/clinical-rules.md §2: any
    emergency-level flag means emergency, whatever else is answered). Returns None when no
    emergency flag has been answered yes. Items not yet answered are reported incomplete.
    """
    flags = [flag for flag in RED_FLAGS if answers.get(flag.code) is True]
    if not any(flag.level is Level.EMERGENCY for flag in flags):
        return None
    disability = Disability(None, DisabilityBand.INCOMPLETE, 0)
    return AssessmentResult(
        triage=Triage.EMERGENCY,
        programme_start=ProgrammeStart.BLOCKED,
        red_flags=tuple(flags),
        risk=Risk(None, None, RiskGroup.INCOMPLETE, None),
        disability=disability,
        pain_pattern=PainPattern.BACK_ONLY,
        directional_preference=DirectionalPreference.NONE,
        next_steps=tuple(next_steps(Triage.EMERGENCY)),
        reasons=tuple(reasons(Triage.EMERGENCY, flags, None, None)),
    )
