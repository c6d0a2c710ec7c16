"""Spinewise's clinical rules: pure Python, no web framework (docs/clinical-rules.md).

from spinewise.clinical import assess, session_response, compare_outcomes
from spinewise.clinical import (exercise_decision, graded_week_decision, alerts_due,
                                reassessment_schedule, reassessment_status)
"""

from spinewise.clinical.alerts import Alert, alerts_due, alerts_for_concern, alerts_for_session
from spinewise.clinical.answers import REQUIRED_CODES, validate_answers
from spinewise.clinical.assessment import assess, screen_emergency
from spinewise.clinical.codes import (
    ALERT_SEVERITY,
    ITEM_CODES,
    ODI_CODES,
    RED_FLAG_CODES,
    RED_FLAGS,
    REQUIRED_RED_FLAG_CODES,
    STARTBACK_CODES,
    STARTBACK_YES_NO,
    Action,
    AlertKind,
    CarePathway,
    Change,
    Completed,
    DirectionalPreference,
    DisabilityBand,
    Effort,
    Level,
    PainPattern,
    ProgrammeMode,
    ProgrammeStart,
    ProgrammeStatus,
    ReassessmentTrigger,
    RiskGroup,
    SessionResponse,
    Severity,
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
from spinewise.clinical.progression import WHY, Decision, exercise_decision, graded_week_decision
from spinewise.clinical.reassessment import (
    ReassessmentStatus,
    reassessment_schedule,
    reassessment_status,
)
from spinewise.clinical.result import AssessmentResult
from spinewise.clinical.session import session_response
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds, thresholds_from

RULES_VERSION = "2026.12"

__all__ = [
    "ALERT_SEVERITY",
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
    "WHY",
    "Action",
    "Alert",
    "AlertKind",
    "AssessmentResult",
    "CarePathway",
    "Change",
    "Completed",
    "Decision",
    "DirectionalPreference",
    "DisabilityBand",
    "Effort",
    "ExerciseOption",
    "Level",
    "PainPattern",
    "PatientProfile",
    "PlannedExercise",
    "ProgrammeMode",
    "ProgrammePlan",
    "ProgrammeStart",
    "ProgrammeStatus",
    "ReassessmentStatus",
    "ReassessmentTrigger",
    "RiskGroup",
    "SessionResponse",
    "Severity",
    "Thresholds",
    "Triage",
    "ValidationError",
    "alerts_due",
    "alerts_for_concern",
    "alerts_for_session",
    "assess",
    "build_programme",
    "compare_outcomes",
    "exercise_decision",
    "graded_week_decision",
    "phase_of_week",
    "reassessment_schedule",
    "reassessment_status",
    "screen_emergency",
    "session_response",
    "thresholds_from",
    "validate_answers",
]
