"""Answer sets for assessment tests."""

from __future__ import annotations

from typing import Any

RED_FLAGS = [
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
]


ODI = (
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


def self_care(**overrides: Any) -> dict[str, Any]:
    """Non-specific back pain with no flags, complete risk and disability items."""
    answers: dict[str, Any] = {
        "age": 42,
        "pain_now": 4,
        "pain_worst_week": 6,
        "duration": "lt_6w",
        "first_episode": False,
        "leg_symptoms": "none",
        "leg_numbness_tingling": False,
        "leg_pain_worse_than_back": False,
        "worse_with": ["bending_forward", "sitting"],
        "better_with": ["walking"],
        "pregnant": False,
        **{code: False for code in RED_FLAGS},
        "sb_referred_leg_pain": False,
        "sb_shoulder_neck_pain": True,
        "sb_walk_short_distances": False,
        "sb_dress_slowly": True,
        "sb_unsafe_to_be_active": False,
        "sb_worrying_thoughts": False,
        "sb_never_get_better": False,
        "sb_not_enjoying": False,
        "sb_bothersomeness": "moderately",
        **{code: 1 for code in ODI},
    }
    answers.update(overrides)
    return answers


def as_form_data(answers: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    """The POST data a browser sends for the given items."""
    data: dict[str, Any] = {}
    for code in codes:
        if code not in answers:
            continue
        value = answers[code]
        if isinstance(value, bool):
            data[code] = "yes" if value else "no"
        elif isinstance(value, list):
            data[code] = value
        else:
            data[code] = str(value)
    return data
