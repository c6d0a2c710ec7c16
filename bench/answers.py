"""A small, representative mix of valid assessment answers, one per kind of outcome.

Written out here on purpose (not imported from tests/) so the benchmarks keep measuring the
same work when test helpers change; only the item codes come from spinewise.clinical, their
one source. Each entry names the triage the rules must return, so a benchmark can check it
is timing real evaluations and not the validation-error path.
"""

from __future__ import annotations

from typing import Any

from spinewise.clinical import ODI_CODES, REQUIRED_RED_FLAG_CODES, STARTBACK_YES_NO, Triage
from spinewise.clinical.codes import STARTBACK_PSYCHOSOCIAL


def _required(**overrides: Any) -> dict[str, Any]:
    """Only the required items: no flags, no STarT Back, no Oswestry."""
    answers: dict[str, Any] = {
        "age": 42,
        "pain_now": 4,
        "duration": "lt_6w",
        "leg_symptoms": "none",
        **dict.fromkeys(REQUIRED_RED_FLAG_CODES, False),
    }
    answers.update(overrides)
    return answers


def _complete(**overrides: Any) -> dict[str, Any]:
    """Every item answered, including the optional STarT Back and Oswestry items."""
    answers = _required(
        pain_worst_week=6,
        first_episode=False,
        leg_numbness_tingling=False,
        leg_pain_worse_than_back=False,
        worse_with=["bending_forward", "sitting"],
        better_with=["walking"],
        pregnant=False,
        # Two physical STarT Back-style items yes, no psychosocial ones.
        **{code: code in {"sb_shoulder_neck_pain", "sb_dress_slowly"} for code in STARTBACK_YES_NO},
        sb_bothersomeness="moderately",
        **dict.fromkeys(ODI_CODES, 1),
    )
    answers.update(overrides)
    return answers


# (name, answers, expected triage)
ANSWER_SETS: tuple[tuple[str, dict[str, Any], Triage], ...] = (
    ("self_care_complete", _complete(), Triage.SELF_CARE),
    ("self_care_required_only", _required(), Triage.SELF_CARE),
    (
        "self_care_partial_optional",
        _required(
            pain_worst_week=5,
            sb_worrying_thoughts=True,
            sb_bothersomeness="slightly",
            odi_walking=2,
            odi_sitting=3,
        ),
        Triage.SELF_CARE,
    ),
    (
        "review_radicular_high_risk",
        _complete(
            leg_symptoms="below_knee",
            leg_numbness_tingling=True,
            **dict.fromkeys(STARTBACK_PSYCHOSOCIAL, True),
            sb_bothersomeness="very_much",
            **dict.fromkeys(ODI_CODES, 3),
        ),
        Triage.REVIEW,
    ),
    ("review_older_first_episode", _required(age=63, first_episode=True), Triage.REVIEW),
    ("urgent_cancer_history", _complete(rf_cancer_history=True, pain_now=7), Triage.URGENT),
    (
        "emergency_cauda_equina",
        _complete(rf_saddle_numbness=True, rf_bladder_change=True),
        Triage.EMERGENCY,
    ),
    ("emergency_required_only", _required(rf_major_trauma=True), Triage.EMERGENCY),
)
