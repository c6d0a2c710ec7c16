"""Programme generator: a phased 12-week plan that starts gently (docs/clinical-rules.md §6).

Pure and deterministic: the same profile and library always give the same plan.
Sources: NICE NG59 (exercise as first-line care); Hayden et al. 2021 Cochrane review
(exercise therapy for chronic low back pain); Long et al. 2004 (matching exercise to a
directional preference); Macedo et al. 2010 (graded activity).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spinewise.clinical.codes import CarePathway, DirectionalPreference, PainPattern
from spinewise.clinical.disability import round_half_up
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds

PHASE_NAMES = (
    ("settle_and_move", "Settle and move"),
    ("build_control", "Build control"),
    ("strengthen", "Strengthen"),
)
TOTAL_WEEKS = 12
# Which day of each week (0 = the start day) holds a session, by sessions per week.
SESSION_DAYS = {3: (0, 2, 4), 4: (0, 1, 3, 5), 5: (0, 1, 2, 4, 5)}
# Slots filled in order; each opens with a phase (0, 1, 2: PHASE_NAMES), so sessions grow
# from 4 to 6 exercises.
SLOTS = (
    ("mobility", 0),
    ("motor_control", 0),
    ("stretch", 0),
    ("mobility", 0),
    ("motor_control", 1),
    ("strength", 2),
)
# Conditions from the assessment that rule exercises out (content tags).
FLAG_CONTRAINDICATIONS = {
    "pregnant": "pregnancy",
    "rf_recent_spinal_surgery": "recent_surgery",
    "rf_minor_trauma_osteoporosis": "osteoporosis",
}


@dataclass(frozen=True)
class ExerciseOption:
    """One library exercise as the rules see it (no prose)."""

    slug: str
    category: str
    level: int
    position: str
    direction: str
    contraindications: frozenset[str]
    dose_kind: str
    ladder: tuple[Mapping[str, int], ...]
    easier: str | None = None
    harder: str | None = None

    @classmethod
    def from_descriptor(cls, raw: Mapping[str, Any]) -> ExerciseOption:
        return cls(
            slug=str(raw["slug"]),
            category=str(raw["category"]),
            level=int(raw["level"]),
            position=str(raw["position"]),
            direction=str(raw["direction"]),
            contraindications=frozenset(raw.get("contraindications", ())),
            dose_kind=str(raw["dose"]["kind"]),
            ladder=tuple(dict(rung) for rung in raw["dose"]["ladder"]),
            easier=raw.get("easier"),
            harder=raw.get("harder"),
        )


@dataclass(frozen=True)
class PatientProfile:
    pain_now: int
    odi_pct: float | None
    pain_pattern: str
    directional_preference: str
    care_pathway: str | None
    contraindications: frozenset[str] = frozenset()

    @classmethod
    def from_assessment(
        cls, answers: Mapping[str, Any], result: Mapping[str, Any]
    ) -> PatientProfile:
        ruled_out = {tag for code, tag in FLAG_CONTRAINDICATIONS.items() if answers.get(code)}
        if result["pattern"]["pain_pattern"] == PainPattern.RADICULAR:
            ruled_out.add("acute_radicular_pain")
        return cls(
            pain_now=int(answers["pain_now"]),
            odi_pct=result["disability"]["score_pct"],
            pain_pattern=result["pattern"]["pain_pattern"],
            directional_preference=result["pattern"]["directional_preference"],
            care_pathway=result["risk"]["care_pathway"],
            contraindications=frozenset(ruled_out),
        )


@dataclass(frozen=True)
class PlannedExercise:
    slug: str
    category: str
    from_week: int
    rung: int  # A rung is 0-based in code; people see it as step rung+1.
    reason: str


@dataclass(frozen=True)
class ProgrammePlan:
    mode: str  # "symptom_guided" or "graded_activity"
    gentle_start: bool
    sessions_per_week: int
    session_days: tuple[int, ...]
    walking: PlannedExercise | None
    exercises: tuple[PlannedExercise, ...]
    reasons: tuple[str, ...] = field(default=())
    # The first week of each phase, kept with the plan: a clinic may change its phases later.
    phase_starts: tuple[int, int, int] = (1, 3, 7)

    def exercises_in_week(self, week: int) -> tuple[PlannedExercise, ...]:
        return tuple(e for e in self.exercises if e.from_week <= week)


def phase_weeks(thresholds: Thresholds = DEFAULT_THRESHOLDS) -> tuple[int, int, int]:
    """The first week of each phase (docs/clinical-rules.md §6; by default weeks 1, 3 and 7)."""
    return 1, thresholds.build_control_from_week, thresholds.strengthen_from_week


DEFAULT_PHASE_WEEKS = phase_weeks()


def phase_of_week(week: int, starts: Sequence[int] = DEFAULT_PHASE_WEEKS) -> tuple[str, str]:
    """The phase a week falls in, given the plan's own phase starts. Weeks past the end
    stay in the last phase."""
    index = sum(1 for first in starts[1:] if week >= first)
    return PHASE_NAMES[index]


def is_gentle_start(profile: PatientProfile, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    odi = profile.odi_pct
    # "ODI >= 41" is read on the whole-number scale of the §4 bands (half-up), so a gentle
    # start begins exactly where the "severe" band does.
    return profile.pain_now >= thresholds.gentle_start_pain or (
        odi is not None and round_half_up(odi) >= thresholds.gentle_start_odi
    )


def _chains(library: Sequence[ExerciseOption]) -> list[tuple[ExerciseOption, ...]]:
    """Each chain from its easiest exercise to its hardest, in a stable order."""
    by_slug = {e.slug: e for e in library}
    chains = []
    for root in sorted(library, key=lambda e: e.slug):
        if root.easier in by_slug:
            continue
        chain, seen, current = [root], {root.slug}, root
        while current.harder in by_slug and current.harder not in seen:
            current = by_slug[current.harder]
            chain.append(current)
            seen.add(current.slug)
        chains.append(tuple(chain))
    return chains


def fits(exercise: ExerciseOption, profile: PatientProfile, *, early: bool) -> bool:
    """Contraindications always exclude; early on, avoid the direction that hurts."""
    if exercise.contraindications & profile.contraindications:
        return False
    if early and profile.directional_preference == DirectionalPreference.EXTENSION:
        return exercise.direction != DirectionalPreference.FLEXION
    if early and profile.directional_preference == DirectionalPreference.FLEXION:
        return exercise.direction != DirectionalPreference.EXTENSION
    return True


def _direction_score(exercise: ExerciseOption, profile: PatientProfile) -> int:
    preferred = profile.directional_preference
    if preferred != DirectionalPreference.NONE and exercise.direction == preferred:
        return 0
    return 1 if exercise.direction == "neutral" else 2


def _reason(exercise: ExerciseOption, profile: PatientProfile, gentle: bool) -> str:
    parts = {
        "mobility": "It keeps your back moving, which eases stiffness.",
        "stretch": "It eases tight muscles around your back and hips.",
        "motor_control": "It trains the deep muscles that steady your spine.",
        "strength": "It builds the strength that protects your back.",
        "aerobic": "Walking keeps your back healthy and helps pain settle.",
    }
    words = [parts.get(exercise.category, "It suits your plan.")]
    if (
        profile.directional_preference != DirectionalPreference.NONE
        and exercise.direction == profile.directional_preference
    ):
        way = "backwards" if exercise.direction == DirectionalPreference.EXTENSION else "forwards"
        words.append(f"Your answers say bending {way} tends to ease your pain.")
    if profile.contraindications:
        words.append("It is safe with what you told us about your health.")
    if gentle:
        words.append("We start at the easiest amount because your pain is high right now.")
    return " ".join(words)


def build_programme(
    profile: PatientProfile,
    library: Iterable[ExerciseOption],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> ProgrammePlan:
    options = [e for e in library]
    gentle = is_gentle_start(profile, thresholds)
    # Bottom rung when pain or disability is high; otherwise one rung up
    # (docs/clinical-rules.md §6).
    start_rung = 0 if gentle else 1
    graded = profile.care_pathway == CarePathway.PSYCHOLOGICALLY_INFORMED
    used: set[str] = set()
    chosen: list[PlannedExercise] = []
    chains = _chains(options)
    starts = phase_weeks(thresholds)
    for category, phase in SLOTS:
        from_week, early = starts[phase], phase == 0
        candidates = []
        for chain in chains:
            fitting = [e for e in chain if fits(e, profile, early=early)]
            if not fitting or chain[0].slug in used or fitting[0].category != category:
                continue
            easiest = fitting[0]
            candidates.append(
                (
                    _direction_score(easiest, profile),
                    easiest.level,
                    easiest.slug,
                    chain[0].slug,
                    easiest,
                )
            )
        if not candidates:
            continue
        _, _, _, root, easiest = min(candidates)
        used.add(root)
        rung = min(start_rung, len(easiest.ladder) - 1)
        chosen.append(
            PlannedExercise(
                easiest.slug, category, from_week, rung, _reason(easiest, profile, gentle)
            )
        )

    walking = None
    aerobic = sorted(
        (e for e in options if e.category == "aerobic" and fits(e, profile, early=True)),
        key=lambda e: (e.level, e.slug),
    )
    if aerobic:
        first = aerobic[0]
        walking = PlannedExercise(
            first.slug,
            "aerobic",
            1,
            min(start_rung, len(first.ladder) - 1),
            _reason(first, profile, gentle),
        )

    sessions = thresholds.sessions_gentle if gentle or graded else thresholds.sessions_standard
    reasons = []
    if gentle:
        reasons.append(
            "Your pain or its effect on daily life is high, so the plan starts at the easiest "
            "level."
        )
    else:
        reasons.append("The plan starts one step above the easiest level and builds up from there.")
    if graded:
        reasons.append(
            "The plan builds up on a fixed weekly schedule, not by how your pain feels on the "
            "day. This helps people whose worries about pain hold them back. A clinician will "
            "check it first."
        )
    if profile.contraindications:
        reasons.append(
            "Some exercises were left out because of what you told us about your health."
        )
    return ProgrammePlan(
        mode="graded_activity" if graded else "symptom_guided",
        gentle_start=gentle,
        sessions_per_week=sessions,
        session_days=SESSION_DAYS[sessions],
        walking=walking,
        exercises=tuple(chosen),
        reasons=tuple(reasons),
        phase_starts=starts,
    )
