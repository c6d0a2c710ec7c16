"""Spinewise's clinical rules: pure Python, no web framework (docs/clinical-rules.md).

from spinewise.clinical import assess, session_response, compare_outcomes
"""

from spinewise.clinical.answers import REQUIRED_CODES, validate_answers
from spinewise.clinical.assessment import assess, screen_emergency
from spinewise.clinical.codes import (
    ITEM_CODES,
    ODI_CODES,
    RED_FLAG_CODES,
    RED_FLAGS,
    REQUIRED_RED_FLAG_CODES,
    STARTBACK_CODES,
    STARTBACK_YES_NO,
    CarePathway,
    Change,
    DirectionalPreference,
    DisabilityBand,
    Level,
    PainPattern,
    ProgrammeStart,
    RiskGroup,
    SessionResponse,
    Triage,
)
from spinewise.clinical.errors import ValidationError
from spinewise.clinical.outcomes import compare_outcomes
from spinewise.clinical.programme import (
    DEFAULT_PHASE_WEEKS,
    TOTAL_WEEKS,
    ExerciseOption,
    PatientProfile,
    PlannedExercise,
    ProgrammePlan,
    build_programme,
    phase_of_week,
)
from spinewise.clinical.result import AssessmentResult
from spinewise.clinical.session import session_response
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds, thresholds_from

RULES_VERSION = "2026.11.2"

__all__ = [
    "DEFAULT_PHASE_WEEKS",
    "DEFAULT_THRESHOLDS",
    "ITEM_CODES",
    "ODI_CODES",
    "RED_FLAGS",
    "RED_FLAG_CODES",
    "REQUIRED_CODES",
    "REQUIRED_RED_FLAG_CODES",
    "RULES_VERSION",
    "STARTBACK_CODES",
    "STARTBACK_YES_NO",
    "TOTAL_WEEKS",
    "AssessmentResult",
    "CarePathway",
    "Change",
    "DirectionalPreference",
    "DisabilityBand",
    "ExerciseOption",
    "Level",
    "PainPattern",
    "PatientProfile",
    "PlannedExercise",
    "ProgrammePlan",
    "ProgrammeStart",
    "RiskGroup",
    "SessionResponse",
    "Thresholds",
    "Triage",
    "ValidationError",
    "assess",
    "build_programme",
    "compare_outcomes",
    "phase_of_week",
    "screen_emergency",
    "session_response",
    "thresholds_from",
    "validate_answers",
]
