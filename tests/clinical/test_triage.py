import pytest

from spinewise.clinical import RED_FLAGS, AssessmentResult, Thresholds, assess
from tests.assessments.answers import self_care

EXPECTED = {
    "rf_saddle_numbness": ("cauda_equina", "emergency"),
    "rf_bladder_change": ("cauda_equina", "emergency"),
    "rf_bowel_incontinence": ("cauda_equina", "emergency"),
    "rf_sexual_dysfunction": ("cauda_equina", "emergency"),
    "rf_both_legs": ("cauda_equina", "emergency"),
    "rf_progressive_weakness": ("neurological_deficit", "emergency"),
    "rf_chest_or_abdominal_pain": ("vascular_or_visceral", "emergency"),
    "rf_major_trauma": ("fracture", "emergency"),
    "rf_minor_trauma_osteoporosis": ("fracture", "urgent"),
    "rf_cancer_history": ("malignancy", "urgent"),
    "rf_unexplained_weight_loss": ("malignancy", "urgent"),
    "rf_fever": ("infection", "urgent"),
    "rf_infection_risk": ("infection", "urgent"),
    "rf_constant_night_pain": ("serious_pathology", "urgent"),
    "rf_inflammatory": ("inflammatory", "review"),
    "rf_recent_spinal_surgery": ("post_surgical", "review"),
    "pregnant": ("pregnancy", "review"),
}
START = {"emergency": "blocked", "urgent": "blocked", "review": "needs_approval"}


def test_the_flag_table_matches_clinical_md() -> None:
    assert {f.code: (f.condition, f.level.code) for f in RED_FLAGS} == EXPECTED


@pytest.mark.parametrize(("code", "expected"), sorted(EXPECTED.items()))
def test_each_red_flag_sets_its_tier_and_programme_start(
    code: str, expected: tuple[str, str]
) -> None:
    condition, level = expected
    result = assess(self_care(**{code: True})).to_dict()
    assert result["triage"] == level
    assert result["programme_start"] == START[level]
    assert {"code": code, "condition": condition, "level": level} in result["red_flags"]


def test_no_flag_is_self_care_and_allowed() -> None:
    result = assess(self_care())
    assert (result.triage, result.programme_start) == ("self_care", "allowed")


def test_highest_level_wins() -> None:
    result = assess(self_care(pregnant=True, rf_fever=True, rf_both_legs=True))
    assert result.triage == "emergency"


def test_clinic_requiring_approval_holds_self_care() -> None:
    result = assess(self_care(), Thresholds(require_approval_for_all=True))
    assert result.programme_start == "needs_approval"


def test_clinic_requiring_approval_does_not_unblock_urgent() -> None:
    result = assess(self_care(rf_fever=True), Thresholds(require_approval_for_all=True))
    assert result.programme_start == "blocked"


@pytest.mark.parametrize(("age", "flagged"), [(49, False), (50, True)])
def test_older_first_episode_starts_at_50(age: int, flagged: bool) -> None:
    codes = [
        f["code"] for f in assess(self_care(age=age, first_episode=True)).to_dict()["red_flags"]
    ]
    assert ("older_first_episode" in codes) is flagged


def test_older_first_episode_needs_first_episode_true() -> None:
    for first in (False, None):
        answers = self_care(age=70, first_episode=first)
        if first is None:
            del answers["first_episode"]
        assert assess(answers).triage == "self_care"


@pytest.mark.parametrize(("pain", "tier"), [(8, "self_care"), (9, "review")])
def test_severe_pain_flag_from_9(pain: int, tier: str) -> None:
    result = assess(self_care(pain_now=pain))
    assert result.triage == tier


def test_radicular_pattern_is_a_review_flag() -> None:
    result = assess(self_care(leg_symptoms="below_knee", leg_numbness_tingling=True)).to_dict()
    assert {"code": "radicular_pattern", "condition": "nerve_root", "level": "review"} in result[
        "red_flags"
    ]


def test_emergency_next_steps_put_the_emergency_department_first() -> None:
    steps = [s["code"] for s in assess(self_care(rf_bladder_change=True)).to_dict()["next_steps"]]
    assert steps[0] == "go_to_emergency_department"
    assert "do_not_exercise" in steps


def test_urgent_next_steps_say_see_a_doctor_today() -> None:
    steps = [s["code"] for s in assess(self_care(rf_fever=True)).to_dict()["next_steps"]]
    assert steps[0] == "see_a_doctor_today"


def test_review_offers_the_gentle_starter() -> None:
    steps = [s["code"] for s in assess(self_care(pregnant=True)).to_dict()["next_steps"]]
    assert {"clinician_review_first", "gentle_starter"} <= set(steps)


def test_reasons_explain_each_flag_without_a_diagnosis() -> None:
    reasons = assess(self_care(rf_cancer_history=True)).reasons
    assert any("having had cancer" in r and "today" in r for r in reasons)
    assert not any("you have" in r.lower() for r in reasons)


# docs/clinical-rules.md §2 "Triage, highest wins": urgent outranks review.
def test_urgent_outranks_review() -> None:
    assert assess(self_care(rf_fever=True, pregnant=True)).triage == "urgent"


# docs/clinical-rules.md §2: a derived review flag alone gives review and needs approval.
def test_radicular_pattern_alone_needs_approval() -> None:
    result = assess(self_care(leg_symptoms="below_knee", leg_pain_worse_than_back=True))
    assert (result.triage, result.programme_start) == ("review", "needs_approval")


# docs/clinical-rules.md §2 programme_start: the clinic setting never unblocks an emergency.
def test_clinic_requiring_approval_does_not_unblock_emergency() -> None:
    result = assess(self_care(rf_both_legs=True), Thresholds(require_approval_for_all=True))
    assert result.programme_start == "blocked"


HIGH_RISK = {
    "sb_unsafe_to_be_active": True,
    "sb_worrying_thoughts": True,
    "sb_never_get_better": True,
    "sb_not_enjoying": True,
}


def steps_of(result: AssessmentResult) -> list[str]:
    return [s["code"] for s in result.to_dict()["next_steps"]]


def test_self_care_at_low_risk_is_told_to_start_the_programme() -> None:
    assert steps_of(assess(self_care()))[0] == "start_programme"


def test_self_care_at_high_risk_is_told_a_clinician_checks_the_plan_first() -> None:
    # §3: high risk uses graded activity "and a clinician is asked to review".
    result = assess(self_care(**HIGH_RISK))

    assert result.risk.group.value == "high"
    assert "plan_checked_first" in steps_of(result)
    assert "start_programme" not in steps_of(result)


def test_self_care_where_the_clinic_approves_every_plan_is_told_it_is_checked_first() -> None:
    result = assess(self_care(), Thresholds(require_approval_for_all=True))

    assert steps_of(result)[0] == "plan_checked_first"


def test_urgent_reasons_say_nothing_about_exercise_beside_do_not_exercise() -> None:
    reasons = assess(self_care(rf_fever=True)).reasons

    assert not any("exercise" in r.lower() for r in reasons)


def test_review_reasons_still_explain_the_risk_group() -> None:
    reasons = assess(self_care(pregnant=True)).reasons

    assert any("risk of your back pain hanging on" in r for r in reasons)


def test_the_nerve_pattern_reason_says_what_was_told_not_a_diagnosis() -> None:
    result = assess(self_care(leg_symptoms="below_knee", leg_numbness_tingling=True))

    assert any("below the knee with numbness" in r for r in result.reasons)
    assert not any("nerve" in r.lower() for r in result.reasons)


def test_urgent_offers_call_now_and_request_a_call_as_two_steps() -> None:
    steps = steps_of(assess(self_care(rf_fever=True)))

    assert steps.index("call_clinic_now") + 1 == steps.index("request_a_call")


def test_review_offers_request_a_call() -> None:
    assert "request_a_call" in steps_of(assess(self_care(pregnant=True)))
