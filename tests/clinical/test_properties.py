"""Invariants of the rules, checked over generated answers (hypothesis)."""

import json

from hypothesis import given
from hypothesis import strategies as st

from spinewise.clinical import RED_FLAGS, assess, compare_outcomes, session_response
from spinewise.clinical.codes import EMERGENCY_CODES, Level
from spinewise.clinical.risk import YES_NO_ITEMS
from tests.assessments.answers import ODI as ODI_CODES

RANK = {"self_care": 0, "review": 1, "urgent": 2, "emergency": 3}
MOVES = ["bending_forward", "sitting", "bending_backward", "standing", "walking", "lying"]
flag_codes = [f.code for f in RED_FLAGS]

answers_strategy = st.fixed_dictionaries(
    {
        "age": st.integers(16, 110),
        "pain_now": st.integers(0, 10),
        "duration": st.sampled_from(["lt_6w", "6_12w", "gt_12w"]),
        "leg_symptoms": st.sampled_from(["none", "above_knee", "below_knee"]),
        "leg_numbness_tingling": st.booleans(),
        "leg_pain_worse_than_back": st.booleans(),
        "first_episode": st.booleans(),
        "worse_with": st.lists(st.sampled_from(MOVES), unique=True),
        "better_with": st.lists(st.sampled_from(MOVES), unique=True),
        **{code: st.booleans() for code in flag_codes},
        **{code: st.booleans() for code in YES_NO_ITEMS},
        "sb_bothersomeness": st.sampled_from(
            ["not_at_all", "slightly", "moderately", "very_much", "extremely"]
        ),
        **{code: st.integers(0, 5) for code in ODI_CODES},
    }
)


@given(answers_strategy, st.sampled_from(sorted(EMERGENCY_CODES)))
def test_adding_any_emergency_flag_always_gives_emergency(answers, code):
    result = assess({**answers, code: True})
    assert result.triage == "emergency"
    assert result.programme_start == "blocked"


@given(answers_strategy, st.sampled_from(flag_codes))
def test_adding_a_flag_never_lowers_triage(answers, code):
    before = assess({**answers, code: False}).triage
    after = assess({**answers, code: True}).triage
    assert RANK[after] >= RANK[before]


@given(answers_strategy)
def test_triage_equals_the_highest_flag_level(answers):
    result = assess(answers)
    levels = [f.level for f in result.red_flags]
    expected = max(levels).code if levels else "self_care"
    assert result.triage == expected
    assert all(isinstance(level, Level) for level in levels)


@given(answers_strategy)
def test_scores_stay_in_range(answers):
    result = assess(answers).to_dict()
    assert 0 <= result["risk"]["total"] <= 9
    assert 0 <= result["risk"]["psychosocial"] <= 5
    assert result["risk"]["psychosocial"] <= result["risk"]["total"]
    assert 0.0 <= result["disability"]["score_pct"] <= 100.0


@given(answers_strategy)
def test_result_is_json_with_exactly_the_contract_keys(answers):
    result = assess(answers).to_dict()
    assert json.loads(json.dumps(result)) == result
    assert set(result) == {
        "triage",
        "programme_start",
        "red_flags",
        "risk",
        "disability",
        "pattern",
        "next_steps",
        "reasons",
    }
    assert result["reasons"] and result["next_steps"]


@given(answers_strategy)
def test_programme_is_blocked_exactly_when_urgent_or_emergency(answers):
    result = assess(answers)
    assert (result.programme_start == "blocked") == (result.triage in {"urgent", "emergency"})


@given(answers_strategy)
def test_every_result_advises_a_professional_unless_it_is_already_a_doctor(answers):
    codes = {s["code"] for s in assess(answers).to_dict()["next_steps"]}
    assert codes & {"consult_a_professional", "see_a_doctor_today", "go_to_emergency_department"}


pain = st.integers(0, 10)


@given(pain, st.one_of(st.none(), pain), pain, st.one_of(st.none(), pain))
def test_felt_off_always_stops(before, during, after, morning):
    session = {
        "pain_before": before,
        "pain_during_max": during,
        "pain_after": after,
        "next_morning_pain": morning,
        "felt_off": True,
        "new_symptoms": [],
    }
    assert session_response(session) == "stop"


@given(pain, pain)
def test_peak_of_8_or_more_always_stops(before, after):
    session = {
        "pain_before": before,
        "pain_after": max(after, 8),
        "felt_off": False,
        "new_symptoms": [],
    }
    assert session_response(session) == "stop"


odi = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))


@given(pain, pain, odi, odi)
def test_overall_is_worse_whenever_either_measure_is_worse(p0, p1, d0, d1):
    change = compare_outcomes({"pain": p0, "odi_pct": d0}, {"pain": p1, "odi_pct": d1})
    if "worse" in (change["pain"], change["disability"]):
        assert change["overall"] == "worse"
    if d0 is None or d1 is None:
        assert change["disability"] == "unknown"
        assert change["overall"] == change["pain"]


@given(pain, pain)
def test_swapping_baseline_and_now_never_gives_improved_both_ways(p0, p1):
    forward = compare_outcomes({"pain": p0, "odi_pct": None}, {"pain": p1, "odi_pct": None})
    backward = compare_outcomes({"pain": p1, "odi_pct": None}, {"pain": p0, "odi_pct": None})
    assert not (forward["pain"] == "improved" and backward["pain"] == "improved")
