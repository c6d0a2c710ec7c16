"""The programme generator (docs/clinical-rules.md §6) over a small synthetic library."""

from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinewise.clinical import (
    ExerciseOption,
    PatientProfile,
    build_programme,
    phase_of_week,
    thresholds_from,
)
from spinewise.clinical.programme import SESSION_DAYS

REPS = {
    "kind": "reps",
    "ladder": [{"reps": 8, "sets": 1}, {"reps": 10, "sets": 1}, {"reps": 12, "sets": 1}],
}
WALK = {"kind": "minutes", "ladder": [{"minutes": 5}, {"minutes": 6}, {"minutes": 7}]}


def ex(
    slug: str,
    category: str,
    level: int,
    direction: str = "neutral",
    position: str = "standing",
    contra: Iterable[str] = (),
    easier: str | None = None,
    harder: str | None = None,
    dose: dict[str, Any] = REPS,
) -> dict[str, Any]:
    return {
        "slug": slug,
        "category": category,
        "level": level,
        "position": position,
        "direction": direction,
        "contraindications": list(contra),
        "dose": dose,
        "easier": easier,
        "harder": harder,
    }


RAW = [
    ex("prone-lying", "mobility", 1, "extension", "prone", ["pregnancy"], harder="prone-elbows"),
    ex("prone-elbows", "mobility", 2, "extension", "prone", ["pregnancy"], easier="prone-lying"),
    ex("knee-hug", "mobility", 1, "flexion", "supine", ["pregnancy", "osteoporosis"]),
    ex("cat-camel", "mobility", 1, "neutral", "quadruped"),
    ex("pelvic-tilt", "motor_control", 1, harder="dead-bug"),
    ex("dead-bug", "motor_control", 3, "neutral", "supine", ["pregnancy"], easier="pelvic-tilt"),
    ex("bird-dog", "motor_control", 2, "neutral", "quadruped"),
    ex("hamstring-stretch", "stretch", 1, contra=["acute_radicular_pain"]),
    ex("hip-flexor-stretch", "stretch", 2, "extension", "kneeling"),
    ex("sit-to-stand", "strength", 1, harder="step-up"),
    ex("step-up", "strength", 3, easier="sit-to-stand", contra=["recent_surgery"]),
    ex("walking", "aerobic", 1, dose=WALK),
]
LIBRARY = [ExerciseOption.from_descriptor(raw) for raw in RAW]
BY_SLUG = {e.slug: e for e in LIBRARY}


def profile(**fields: Any) -> PatientProfile:
    base: dict[str, Any] = {
        "pain_now": 4,
        "odi_pct": 20.0,
        "pain_pattern": "back_only",
        "directional_preference": "none",
        "care_pathway": "guided_self_management",
    }
    return PatientProfile(**{**base, **fields})


def test_plan_has_phased_slots_and_a_daily_walk() -> None:
    plan = build_programme(profile(), LIBRARY)
    assert len(plan.exercises_in_week(1)) == 4
    assert len(plan.exercises_in_week(3)) == 5
    assert len(plan.exercises_in_week(7)) == 6
    assert plan.walking is not None and plan.walking.slug == "walking"


def test_phases_follow_the_default_weeks() -> None:
    assert [phase_of_week(w)[0] for w in (1, 2, 3, 6, 7, 12, 13)] == [
        "settle_and_move",
        "settle_and_move",
        "build_control",
        "build_control",
        "strengthen",
        "strengthen",
        "strengthen",
    ]


LATER_PHASES = {"build_control_from_week": 4, "strengthen_from_week": 9}


def test_a_clinics_phase_weeks_set_when_exercises_join_the_plan() -> None:
    plan = build_programme(profile(), LIBRARY, thresholds_from(LATER_PHASES))

    assert plan.phase_starts == (1, 4, 9)
    assert sorted({e.from_week for e in plan.exercises}) == [1, 4, 9]


def test_the_default_plan_keeps_the_default_phase_weeks() -> None:
    assert build_programme(profile(), LIBRARY).phase_starts == (1, 3, 7)


@pytest.mark.parametrize(
    ("week", "phase"),
    [(3, "settle_and_move"), (4, "build_control"), (8, "build_control"), (9, "strengthen")],
)
def test_phase_of_week_follows_the_plans_own_phase_weeks(week: int, phase: str) -> None:
    assert phase_of_week(week, (1, 4, 9))[0] == phase


def test_pain_7_starts_gently_on_the_bottom_rung_with_3_sessions() -> None:
    plan = build_programme(profile(pain_now=7), LIBRARY)
    assert plan.gentle_start and plan.sessions_per_week == 3
    assert {e.rung for e in plan.exercises} == {0}


def test_odi_41_starts_gently() -> None:
    assert build_programme(profile(odi_pct=40.6), LIBRARY).gentle_start
    assert not build_programme(profile(odi_pct=40.4), LIBRARY).gentle_start


def test_odi_40_5_starts_gently_as_it_is_in_the_severe_band() -> None:
    # §6 "ODI >= 41" on the whole-number scale of the §4 bands, which round halves up.
    assert build_programme(profile(odi_pct=40.5), LIBRARY).gentle_start


def test_lower_pain_starts_one_rung_up_with_4_sessions() -> None:
    plan = build_programme(profile(pain_now=6, odi_pct=None), LIBRARY)
    assert not plan.gentle_start and plan.sessions_per_week == 4
    assert {e.rung for e in plan.exercises} == {1}


def test_each_chain_starts_at_its_easiest_fitting_exercise() -> None:
    plan = build_programme(profile(), LIBRARY)
    chosen = {e.slug for e in plan.exercises}
    assert "pelvic-tilt" in chosen and "dead-bug" not in chosen


def test_extension_preference_picks_extension_and_avoids_flexion() -> None:
    plan = build_programme(profile(directional_preference="extension"), LIBRARY)
    chosen = [BY_SLUG[e.slug] for e in plan.exercises]
    assert chosen[0].direction == "extension"
    assert all(e.direction != "flexion" for e in chosen)


def test_flexion_preference_avoids_extension_early() -> None:
    plan = build_programme(profile(directional_preference="flexion"), LIBRARY)
    early = [BY_SLUG[e.slug] for e in plan.exercises if e.from_week < 3]
    assert all(e.direction != "extension" for e in early)
    assert any(e.direction == "flexion" for e in early)


def test_graded_activity_for_the_psychologically_informed_pathway() -> None:
    plan = build_programme(profile(care_pathway="psychologically_informed"), LIBRARY)
    assert plan.mode == "graded_activity"
    assert plan.sessions_per_week == 3
    assert any("fixed weekly schedule" in r for r in plan.reasons)


def test_every_choice_has_a_plain_reason() -> None:
    plan = build_programme(
        profile(
            directional_preference="extension",
            pain_now=8,
            contraindications=frozenset({"pregnancy"}),
        ),
        LIBRARY,
    )
    assert all(e.reason for e in plan.exercises)
    assert any("bending backwards" in e.reason for e in plan.exercises)


def test_profile_from_an_assessment_collects_contraindications() -> None:
    answers = {
        "pain_now": 5,
        "pregnant": True,
        "rf_recent_spinal_surgery": False,
        "rf_minor_trauma_osteoporosis": True,
    }
    result = {
        "pattern": {"pain_pattern": "radicular", "directional_preference": "none"},
        "disability": {"score_pct": 30.0},
        "risk": {"care_pathway": None},
    }
    built = PatientProfile.from_assessment(answers, result)
    assert built.contraindications == {"pregnancy", "osteoporosis", "acute_radicular_pain"}


def test_an_empty_library_gives_an_empty_plan_rather_than_failing() -> None:
    plan = build_programme(profile(), [])
    assert plan.exercises == () and plan.walking is None


def test_a_slot_with_no_fitting_exercise_is_skipped() -> None:
    only_stretch = [BY_SLUG["hip-flexor-stretch"]]
    assert [e.slug for e in build_programme(profile(), only_stretch).exercises] == [
        "hip-flexor-stretch"
    ]


def test_session_days_spread_through_the_week() -> None:
    assert SESSION_DAYS == {3: (0, 2, 4), 4: (0, 1, 3, 5), 5: (0, 1, 2, 4, 5)}


tags = st.frozensets(
    st.sampled_from(["pregnancy", "recent_surgery", "osteoporosis", "acute_radicular_pain"])
)


@given(
    pain=st.integers(0, 10),
    odi=st.one_of(st.none(), st.floats(0, 100, allow_nan=False)),
    preference=st.sampled_from(["extension", "flexion", "none"]),
    pathway=st.sampled_from(
        ["guided_self_management", "physio_supported", "psychologically_informed", None]
    ),
    contraindications=tags,
)
def test_plans_always_respect_contraindications_and_direction(
    pain: int,
    odi: float | None,
    preference: str,
    pathway: str | None,
    contraindications: frozenset[str],
) -> None:
    who = profile(
        pain_now=pain,
        odi_pct=odi,
        directional_preference=preference,
        care_pathway=pathway,
        contraindications=contraindications,
    )
    plan = build_programme(who, LIBRARY)
    for planned in (*plan.exercises, *([plan.walking] if plan.walking else [])):
        chosen = BY_SLUG[planned.slug]
        assert not chosen.contraindications & contraindications
        assert 0 <= planned.rung < len(chosen.ladder)
        if planned.from_week < 3 and preference == "extension":
            assert chosen.direction != "flexion"
        if planned.from_week < 3 and preference == "flexion":
            assert chosen.direction != "extension"
    assert 3 <= plan.sessions_per_week <= 5
    assert len({e.slug for e in plan.exercises}) == len(plan.exercises)
    assert plan == build_programme(who, LIBRARY)  # deterministic


def test_profile_without_flags_or_nerve_pattern_rules_nothing_out() -> None:
    result = {
        "pattern": {"pain_pattern": "back_only", "directional_preference": "extension"},
        "disability": {"score_pct": None},
        "risk": {"care_pathway": "physio_supported"},
    }
    built = PatientProfile.from_assessment({"pain_now": 2}, result)
    assert built.contraindications == frozenset()
    assert built.directional_preference == "extension"


# docs/clinical-rules.md §6: "bottom rung ... when ... ODI ≥ 41" (whole scores, where every reading
# agrees).
def test_odi_of_exactly_41_starts_gently_and_40_does_not() -> None:
    assert build_programme(profile(odi_pct=41.0), LIBRARY).gentle_start
    assert not build_programme(profile(odi_pct=40.0), LIBRARY).gentle_start
