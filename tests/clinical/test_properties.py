"""Invariants of the rules, checked over generated answers (hypothesis)."""

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from spinewise.clinical import RED_FLAGS, Thresholds, assess, compare_outcomes, session_response
from spinewise.clinical.codes import (
    EMERGENCY_CODES,
    ODI_CODES,
    STARTBACK_CODES,
    STARTBACK_YES_NO,
    Bothersomeness,
    Duration,
    LegSymptoms,
    Level,
    Movement,
)
from spinewise.clinical.disability import BANDS, band_for
from spinewise.clinical.risk import startback_risk

RANK = {"self_care": 0, "review": 1, "urgent": 2, "emergency": 3}
# Plain strings, as the API receives them, not the enum members.
MOVES = [m.value for m in Movement]
flag_codes = [f.code for f in RED_FLAGS]

answers_strategy: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {
        "age": st.integers(16, 110),
        "pain_now": st.integers(0, 10),
        "duration": st.sampled_from([d.value for d in Duration]),
        "leg_symptoms": st.sampled_from([s.value for s in LegSymptoms]),
        "leg_numbness_tingling": st.booleans(),
        "leg_pain_worse_than_back": st.booleans(),
        "first_episode": st.booleans(),
        "worse_with": st.lists(st.sampled_from(MOVES), unique=True),
        "better_with": st.lists(st.sampled_from(MOVES), unique=True),
        **{code: st.booleans() for code in flag_codes},
        **{code: st.booleans() for code in STARTBACK_YES_NO},
        "sb_bothersomeness": st.sampled_from([b.value for b in Bothersomeness]),
        **{code: st.integers(0, 5) for code in ODI_CODES},
    }
)


@given(answers_strategy, st.sampled_from(sorted(EMERGENCY_CODES)))
def test_adding_any_emergency_flag_always_gives_emergency(
    answers: dict[str, Any], code: str
) -> None:
    result = assess({**answers, code: True})
    assert result.triage == "emergency"
    assert result.programme_start == "blocked"


@given(answers_strategy, st.sampled_from(flag_codes))
def test_adding_a_flag_never_lowers_triage(answers: dict[str, Any], code: str) -> None:
    before = assess({**answers, code: False}).triage
    after = assess({**answers, code: True}).triage
    assert RANK[after] >= RANK[before]


@given(answers_strategy)
def test_triage_equals_the_highest_flag_level(answers: dict[str, Any]) -> None:
    result = assess(answers)
    levels = [f.level for f in result.red_flags]
    expected = max(levels).code if levels else "self_care"
    assert result.triage == expected
    assert all(isinstance(level, Level) for level in levels)


@given(answers_strategy)
def test_scores_stay_in_range(answers: dict[str, Any]) -> None:
    result = assess(answers).to_dict()
    assert 0 <= result["risk"]["total"] <= 9
    assert 0 <= result["risk"]["psychosocial"] <= 5
    assert result["risk"]["psychosocial"] <= result["risk"]["total"]
    assert 0.0 <= result["disability"]["score_pct"] <= 100.0


@given(answers_strategy)
def test_result_is_json_with_exactly_the_contract_keys(answers: dict[str, Any]) -> None:
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
def test_programme_is_blocked_exactly_when_urgent_or_emergency(answers: dict[str, Any]) -> None:
    result = assess(answers)
    assert (result.programme_start == "blocked") == (result.triage in {"urgent", "emergency"})


@given(answers_strategy)
def test_every_result_advises_a_professional_unless_it_is_already_a_doctor(
    answers: dict[str, Any],
) -> None:
    codes = {s["code"] for s in assess(answers).to_dict()["next_steps"]}
    assert codes & {"consult_a_professional", "see_a_doctor_today", "go_to_emergency_department"}


pain: st.SearchStrategy[int] = st.integers(0, 10)


@given(pain, st.one_of(st.none(), pain), pain, st.one_of(st.none(), pain))
def test_felt_off_always_stops(
    before: int, during: int | None, after: int, morning: int | None
) -> None:
    session: dict[str, Any] = {
        "pain_before": before,
        "pain_during_max": during,
        "pain_after": after,
        "next_morning_pain": morning,
        "felt_off": True,
        "new_symptoms": [],
    }
    assert session_response(session) == "stop"


@given(pain, pain)
def test_peak_of_8_or_more_always_stops(before: int, after: int) -> None:
    session = {
        "pain_before": before,
        "pain_after": max(after, 8),
        "felt_off": False,
        "new_symptoms": [],
    }
    assert session_response(session) == "stop"


odi: st.SearchStrategy[float | None] = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))


@given(pain, pain, odi, odi)
def test_overall_is_worse_whenever_either_measure_is_worse(
    p0: int, p1: int, d0: float | None, d1: float | None
) -> None:
    change = compare_outcomes({"pain": p0, "odi_pct": d0}, {"pain": p1, "odi_pct": d1})
    if "worse" in (change["pain"], change["disability"]):
        assert change["overall"] == "worse"
    if d0 is None or d1 is None:
        assert change["disability"] == "unknown"
        assert change["overall"] == change["pain"]


@given(pain, pain)
def test_swapping_baseline_and_now_never_gives_improved_both_ways(p0: int, p1: int) -> None:
    forward = compare_outcomes({"pain": p0, "odi_pct": None}, {"pain": p1, "odi_pct": None})
    backward = compare_outcomes({"pain": p1, "odi_pct": None}, {"pain": p0, "odi_pct": None})
    assert not (forward["pain"] == "improved" and backward["pain"] == "improved")


# docs/clinical-rules.md §2 programme_start: with the clinic requiring approval, nothing starts
# unchecked.
@given(answers_strategy)
def test_clinic_requiring_approval_never_allows_a_start(answers: dict[str, Any]) -> None:
    result = assess(answers, Thresholds(require_approval_for_all=True))
    assert result.programme_start in {"blocked", "needs_approval"}


# docs/clinical-rules.md §3: group and care pathway follow the cut-offs for every answer set.
@given(answers_strategy)
def test_risk_group_follows_the_cut_offs(answers: dict[str, Any]) -> None:
    risk = assess(answers).to_dict()["risk"]
    total, psychosocial = risk["total"], risk["psychosocial"]
    expected = "low" if total <= 3 else "high" if psychosocial >= 4 else "medium"
    pathway = {
        "low": "guided_self_management",
        "medium": "physio_supported",
        "high": "psychologically_informed",
    }
    assert (risk["group"], risk["care_pathway"]) == (expected, pathway[expected])


# docs/clinical-rules.md §3: any missing item makes the risk incomplete, never guessed.
@given(answers_strategy, st.sampled_from(STARTBACK_CODES))
def test_any_missing_startback_item_gives_incomplete(answers: dict[str, Any], missing: str) -> None:
    items = {k: v for k, v in answers.items() if k.startswith("sb_") and k != missing}
    risk = startback_risk(items)
    assert (risk.group, risk.total, risk.care_pathway) == ("incomplete", None, None)


def required_answers_only() -> dict[str, Any]:
    return {
        "age": 40,
        "pain_now": 3,
        "duration": "lt_6w",
        "leg_symptoms": "none",
        **{code: False for code in flag_codes},
    }


# docs/clinical-rules.md §4: fewer than 8 answered is incomplete; otherwise sum / (5 × answered) ×
# 100.
@given(st.dictionaries(st.sampled_from(ODI_CODES), st.integers(0, 5)))
def test_odi_scores_over_the_answered_sections(sections: dict[str, int]) -> None:
    disability = assess({**required_answers_only(), **sections}).to_dict()["disability"]
    assert disability["answered"] == len(sections)
    if len(sections) < 8:
        assert (disability["score_pct"], disability["band"]) == (None, "incomplete")
    else:
        expected = sum(sections.values()) / (5 * len(sections)) * 100
        assert abs(disability["score_pct"] - expected) <= 0.05


# docs/clinical-rules.md §4: a higher score never gives a lower band.
@given(st.floats(0, 100), st.floats(0, 100))
def test_odi_band_never_falls_as_the_score_rises(low: float, high: float) -> None:
    low, high = sorted((low, high))
    assert BANDS.index(band_for(low)) <= BANDS.index(band_for(high))


session_fields: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {
        "pain_before": pain,
        "pain_after": pain,
        "felt_off": st.just(False),
        "new_symptoms": st.just([]),
    },
    optional={
        "pain_during_max": pain,
        "next_morning_pain": pain,
        "leg_symptoms": st.sampled_from(["none", "usual", "spreading", "easing"]),
    },
)


# docs/clinical-rules.md §6 stop: any new symptom stops, whatever the pain.
@given(session_fields, st.lists(st.sampled_from(flag_codes), min_size=1))
def test_any_new_symptom_always_stops(session: dict[str, Any], new: list[str]) -> None:
    assert session_response({**session, "new_symptoms": new}) == "stop"


# docs/clinical-rules.md §6 stop: leg symptoms spreading stops, whatever the pain.
@given(session_fields)
def test_spreading_leg_symptoms_always_stop(session: dict[str, Any]) -> None:
    assert session_response({**session, "leg_symptoms": "spreading"}) == "stop"


# docs/clinical-rules.md §6: the response is exactly the stop / too_much / acceptable rules in
# order.
@given(session_fields)
def test_session_response_follows_the_rules_in_order(session: dict[str, Any]) -> None:
    before, after = session["pain_before"], session["pain_after"]
    peak = max(session.get("pain_during_max", after), after)
    morning = session.get("next_morning_pain")
    if peak >= 8 or session.get("leg_symptoms") == "spreading":
        expected = "stop"
    elif (peak > 5 and peak > before) or (morning is not None and morning >= before + 2):
        expected = "too_much"
    else:
        expected = "acceptable"
    assert session_response(session) == expected


odi_pct: st.SearchStrategy[float] = st.floats(0, 100, allow_nan=False)


# docs/clinical-rules.md §8: disability cannot improve both ways between the same two scores.
@given(odi_pct, odi_pct)
def test_swapping_odi_never_gives_improved_both_ways(d0: float, d1: float) -> None:
    forward = compare_outcomes({"pain": 5, "odi_pct": d0}, {"pain": 5, "odi_pct": d1})
    backward = compare_outcomes({"pain": 5, "odi_pct": d1}, {"pain": 5, "odi_pct": d0})
    assert not (forward["disability"] == "improved" and backward["disability"] == "improved")


# docs/clinical-rules.md §8 overall: improved only when neither measure is worse.
@given(pain, pain, odi_pct, odi_pct)
def test_overall_improved_needs_an_improvement_and_nothing_worse(
    p0: int, p1: int, d0: float, d1: float
) -> None:
    change = compare_outcomes({"pain": p0, "odi_pct": d0}, {"pain": p1, "odi_pct": d1})
    measures = (change["pain"], change["disability"])
    if change["overall"] == "improved":
        assert "improved" in measures and "worse" not in measures
    if "improved" in measures and "worse" not in measures:
        assert change["overall"] == "improved"
