"""A small, representative mix of valid assessment answers, one per kind of outcome.

Written out here on purpose (not imported from tests/) so the benchmarks keep measuring the
same work when test helpers change. Each entry names the triage the rules must return, so a
benchmark can check it is timing real evaluations and not the validation-error path.
"""

from __future__ import annotations

from typing import Any

# Every answered red flag except "pregnant", which is optional (CLINICAL.md §1–2).
REQUIRED_RED_FLAGS = (
    "rf_saddle_numbness",
    "rf_bladder_change",
    "rf_bowel_incontinence",
    "rf_sexual_dysfunction",
    "rf_both_legs",
    "rf_progressive_weakness",
    "rf_chest_or_abdominal_pain",
    "rf_major_trauma",
    "rf_minor_trauma_osteoporosis",
    "rf_cancer_history",
    "rf_unexplained_weight_loss",
    "rf_fever",
    "rf_infection_risk",
    "rf_constant_night_pain",
    "rf_inflammatory",
    "rf_recent_spinal_surgery",
)
ODI_SECTIONS = (
    "odi_pain_intensity",
    "odi_personal_care",
    "odi_lifting",
    "odi_walking",
    "odi_sitting",
    "odi_standing",
    "odi_sleeping",
    "odi_sex_life",
    "odi_social_life",
    "odi_travelling",
)


def _required(**overrides: Any) -> dict[str, Any]:
    """Only the required items: no flags, no STarT Back, no Oswestry."""
    answers: dict[str, Any] = {
        "age": 42,
        "pain_now": 4,
        "duration": "lt_6w",
        "leg_symptoms": "none",
        **dict.fromkeys(REQUIRED_RED_FLAGS, False),
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
        sb_referred_leg_pain=False,
        sb_shoulder_neck_pain=True,
        sb_walk_short_distances=False,
        sb_dress_slowly=True,
        sb_unsafe_to_be_active=False,
        sb_worrying_thoughts=False,
        sb_never_get_better=False,
        sb_not_enjoying=False,
        sb_bothersomeness="moderately",
        **dict.fromkeys(ODI_SECTIONS, 1),
    )
    answers.update(overrides)
    return answers


# (name, answers, expected triage)
ANSWER_SETS: tuple[tuple[str, dict[str, Any], str], ...] = (
    ("self_care_complete", _complete(), "self_care"),
    ("self_care_required_only", _required(), "self_care"),
    (
        "self_care_partial_optional",
        _required(
            pain_worst_week=5,
            sb_worrying_thoughts=True,
            sb_bothersomeness="slightly",
            odi_walking=2,
            odi_sitting=3,
        ),
        "self_care",
    ),
    (
        "review_radicular_high_risk",
        _complete(
            leg_symptoms="below_knee",
            leg_numbness_tingling=True,
            sb_worrying_thoughts=True,
            sb_never_get_better=True,
            sb_not_enjoying=True,
            sb_unsafe_to_be_active=True,
            sb_bothersomeness="very_much",
            **dict.fromkeys(ODI_SECTIONS, 3),
        ),
        "review",
    ),
    ("review_older_first_episode", _required(age=63, first_episode=True), "review"),
    ("urgent_cancer_history", _complete(rf_cancer_history=True, pain_now=7), "urgent"),
    (
        "emergency_cauda_equina",
        _complete(rf_saddle_numbness=True, rf_bladder_change=True),
        "emergency",
    ),
    ("emergency_required_only", _required(rf_major_trauma=True), "emergency"),
)
