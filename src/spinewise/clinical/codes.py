"""Closed sets of codes (docs/clinical-rules.md). The enum values are the public codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Triage(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    REVIEW = "review"
    SELF_CARE = "self_care"


class Level(IntEnum):
    """Red-flag level; higher is more urgent, so the highest wins (docs/clinical-rules.md §2)."""

    REVIEW = 1
    URGENT = 2
    EMERGENCY = 3

    @property
    def code(self) -> str:
        return self.name.lower()

    @property
    def triage(self) -> Triage:
        return Triage(self.code)


class ProgrammeStart(StrEnum):
    BLOCKED = "blocked"
    NEEDS_APPROVAL = "needs_approval"
    ALLOWED = "allowed"


class RiskGroup(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    INCOMPLETE = "incomplete"


class CarePathway(StrEnum):
    GUIDED_SELF_MANAGEMENT = "guided_self_management"
    PHYSIO_SUPPORTED = "physio_supported"
    PSYCHOLOGICALLY_INFORMED = "psychologically_informed"


class DisabilityBand(StrEnum):
    MINIMAL = "minimal"
    MODERATE = "moderate"
    SEVERE = "severe"
    CRIPPLING = "crippling"
    BED_BOUND = "bed_bound"
    INCOMPLETE = "incomplete"


class PainPattern(StrEnum):
    BACK_ONLY = "back_only"
    REFERRED_LEG = "referred_leg"
    RADICULAR = "radicular"


class DirectionalPreference(StrEnum):
    EXTENSION = "extension"
    FLEXION = "flexion"
    NONE = "none"


class Duration(StrEnum):
    LESS_THAN_6_WEEKS = "lt_6w"
    SIX_TO_12_WEEKS = "6_12w"
    MORE_THAN_12_WEEKS = "gt_12w"


class LegSymptoms(StrEnum):
    NONE = "none"
    ABOVE_KNEE = "above_knee"
    BELOW_KNEE = "below_knee"


class Movement(StrEnum):
    BENDING_FORWARD = "bending_forward"
    SITTING = "sitting"
    BENDING_BACKWARD = "bending_backward"
    STANDING = "standing"
    WALKING = "walking"
    LYING = "lying"


class Bothersomeness(StrEnum):
    NOT_AT_ALL = "not_at_all"
    SLIGHTLY = "slightly"
    MODERATELY = "moderately"
    VERY_MUCH = "very_much"
    EXTREMELY = "extremely"


class SessionLegSymptoms(StrEnum):
    NONE = "none"
    USUAL = "usual"
    SPREADING = "spreading"
    EASING = "easing"


class SessionResponse(StrEnum):
    STOP = "stop"
    TOO_MUCH = "too_much"
    ACCEPTABLE = "acceptable"


class Change(StrEnum):
    IMPROVED = "improved"
    WORSE = "worse"
    NO_MEANINGFUL_CHANGE = "no_meaningful_change"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class RedFlag:
    code: str
    condition: str
    level: Level
    meaning: str  # plain words, used in the reasons shown to people
    required: bool = True  # must be answered, even as "no" (docs/clinical-rules.md §1)


# docs/clinical-rules.md §2: the table of answered red flags, in questionnaire order.
RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "rf_saddle_numbness",
        "cauda_equina",
        Level.EMERGENCY,
        "new numbness or an odd feeling around your genitals, bottom or inner thighs",
    ),
    RedFlag(
        "rf_bladder_change",
        "cauda_equina",
        Level.EMERGENCY,
        "new problems passing urine, feeling your bladder, or leaking",
    ),
    RedFlag("rf_bowel_incontinence", "cauda_equina", Level.EMERGENCY, "new loss of bowel control"),
    RedFlag(
        "rf_sexual_dysfunction",
        "cauda_equina",
        Level.EMERGENCY,
        "new loss of sexual feeling or function",
    ),
    RedFlag(
        "rf_both_legs", "cauda_equina", Level.EMERGENCY, "pain, numbness or weakness in both legs"
    ),
    RedFlag(
        "rf_progressive_weakness",
        "neurological_deficit",
        Level.EMERGENCY,
        "a leg or foot that is getting weaker",
    ),
    RedFlag(
        "rf_chest_or_abdominal_pain",
        "vascular_or_visceral",
        Level.EMERGENCY,
        "back pain with chest pain, a throbbing belly or trouble breathing",
    ),
    RedFlag(
        "rf_major_trauma", "fracture", Level.EMERGENCY, "pain that started after a serious injury"
    ),
    RedFlag(
        "rf_minor_trauma_osteoporosis",
        "fracture",
        Level.URGENT,
        "pain after a small fall or lift, with weak bones or long-term steroid tablets",
    ),
    RedFlag("rf_cancer_history", "malignancy", Level.URGENT, "having had cancer in the past"),
    RedFlag(
        "rf_unexplained_weight_loss", "malignancy", Level.URGENT, "losing weight without trying"
    ),
    RedFlag("rf_fever", "infection", Level.URGENT, "a fever, chills or feeling generally unwell"),
    RedFlag(
        "rf_infection_risk",
        "infection",
        Level.URGENT,
        "a higher chance of infection near the spine",
    ),
    RedFlag(
        "rf_constant_night_pain",
        "serious_pathology",
        Level.URGENT,
        "constant pain that nothing eases and that is worse at night",
    ),
    RedFlag(
        "rf_inflammatory",
        "inflammatory",
        Level.REVIEW,
        "long morning stiffness that eases with movement, starting before age 45",
    ),
    RedFlag(
        "rf_recent_spinal_surgery",
        "post_surgical",
        Level.REVIEW,
        "an operation on your spine in the last 6 months",
    ),
    RedFlag("pregnant", "pregnancy", Level.REVIEW, "being pregnant", required=False),
)

# Derived flags (docs/clinical-rules.md §2), reported in `red_flags` like the others.
OLDER_FIRST_EPISODE = RedFlag(
    "older_first_episode",
    "serious_pathology",
    Level.REVIEW,
    "a first ever bout of back pain at age 50 or over",
)
SEVERE_PAIN = RedFlag("severe_pain", "severe_pain", Level.REVIEW, "very severe pain right now")
RADICULAR_PATTERN = RedFlag(
    "radicular_pattern",
    "nerve_root",
    Level.REVIEW,
    # What they told us, not what it might be: the result never names a diagnosis (§2).
    "leg pain below the knee with numbness, tingling, or more pain in the leg than the back",
)

RED_FLAGS_BY_CODE = {flag.code: flag for flag in RED_FLAGS}
RED_FLAG_CODES: tuple[str, ...] = tuple(flag.code for flag in RED_FLAGS)
REQUIRED_RED_FLAG_CODES: tuple[str, ...] = tuple(f.code for f in RED_FLAGS if f.required)
EMERGENCY_CODES = frozenset(f.code for f in RED_FLAGS if f.level is Level.EMERGENCY)

# The questionnaire's item codes (its linkIds), each group in questionnaire order. These are
# the one list of them: the rules, the demo data, the benchmarks and the tests import them.
PAIN_CODES: tuple[str, ...] = ("age", "pain_now", "pain_worst_week", "duration", "first_episode")
PATTERN_CODES: tuple[str, ...] = (
    "leg_symptoms",
    "leg_numbness_tingling",
    "leg_pain_worse_than_back",
    "worse_with",
    "better_with",
)
# §3 STarT Back-style (Hill et al. 2008): items 1–8 are yes/no; item 9 is bothersomeness.
STARTBACK_YES_NO: tuple[str, ...] = (
    "sb_referred_leg_pain",
    "sb_shoulder_neck_pain",
    "sb_walk_short_distances",
    "sb_dress_slowly",
    "sb_unsafe_to_be_active",
    "sb_worrying_thoughts",
    "sb_never_get_better",
    "sb_not_enjoying",
)
STARTBACK_PSYCHOSOCIAL = STARTBACK_YES_NO[4:]  # items 5–8; item 9 (bothersomeness) joins them
SB_BOTHERSOMENESS = "sb_bothersomeness"
STARTBACK_CODES: tuple[str, ...] = (*STARTBACK_YES_NO, SB_BOTHERSOMENESS)
# §4 Oswestry-style (Fairbank & Pynsent 2000): ten sections, each scored 0–5.
ODI_CODES: tuple[str, ...] = (
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
# Questionnaire order: red flags first, then pain and pattern, then risk and function.
ITEM_CODES: tuple[str, ...] = (
    *RED_FLAG_CODES,
    *PAIN_CODES,
    *PATTERN_CODES,
    *STARTBACK_CODES,
    *ODI_CODES,
)


# docs/clinical-rules.md §6: what a logged session says about each exercise, and how a dose moves.
class Completed(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    SKIPPED = "skipped"


class Effort(StrEnum):
    EASY = "easy"
    OK = "ok"
    HARD = "hard"
    TOO_HARD = "too_hard"


class Action(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    BACK = "back"
    PAUSE = "pause"


class ProgrammeMode(StrEnum):
    SYMPTOM_GUIDED = "symptom_guided"
    GRADED_ACTIVITY = "graded_activity"


class ProgrammeStatus(StrEnum):
    AWAITING_APPROVAL = "awaiting_approval"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"


# docs/clinical-rules.md §7, in the order of its table (most severe first).
class AlertKind(StrEnum):
    RED_FLAG_SYMPTOM = "red_flag_symptom"
    SAFETY_STOP = "safety_stop"
    WORSENING = "worsening"
    REPEATED_FLARES = "repeated_flares"
    INACTIVE = "inactive"
    LOW_ADHERENCE = "low_adherence"
    REASSESSMENT_OVERDUE = "reassessment_overdue"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


ALERT_SEVERITY: dict[AlertKind, Severity] = {
    AlertKind.RED_FLAG_SYMPTOM: Severity.CRITICAL,
    AlertKind.SAFETY_STOP: Severity.HIGH,
    AlertKind.WORSENING: Severity.MEDIUM,
    AlertKind.REPEATED_FLARES: Severity.MEDIUM,
    AlertKind.INACTIVE: Severity.LOW,
    AlertKind.LOW_ADHERENCE: Severity.LOW,
    AlertKind.REASSESSMENT_OVERDUE: Severity.LOW,
}


# docs/clinical-rules.md §8: why a reassessment is due.
class ReassessmentTrigger(StrEnum):
    SCHEDULED = "scheduled"
    WORSENING = "worsening"
    REPEATED_FLARES = "repeated_flares"
    PLATEAU = "plateau"
