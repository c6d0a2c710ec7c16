"""Answer sets for assessment tests."""

from __future__ import annotations

from typing import Any

from spinewise.clinical.codes import ODI_CODES, REQUIRED_RED_FLAG_CODES, STARTBACK_YES_NO


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
        **{code: False for code in REQUIRED_RED_FLAG_CODES},
        # STarT Back-style: two physical items yes, no psychosocial ones (low risk).
        **{code: code in {"sb_shoulder_neck_pain", "sb_dress_slowly"} for code in STARTBACK_YES_NO},
        "sb_bothersomeness": "moderately",
        **{code: 1 for code in ODI_CODES},
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
