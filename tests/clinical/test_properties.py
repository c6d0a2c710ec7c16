"""Invariants of the rules, checked over generated answers (hypothesis)."""

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from spinewise.clinical import (
    RED_FLAGS,
    Decision,
    Thresholds,
    alerts_due,
    assess,
    compare_outcomes,
    exercise_decision,
    graded_week_decision,
    reassessment_status,
    session_response,
)
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


# --- progression, alerts and reassessment (docs/clinical-rules.md §6-§8) ------------------

RESPONSES = ["stop", "too_much", "acceptable"]
history_entry: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {
        "response": st.sampled_from(RESPONSES),
        "completed": st.sampled_from(["full", "partial", "skipped"]),
        "effort": st.sampled_from(["easy", "ok", "hard", "too_hard", None]),
    }
)
GOOD_ENTRY = {"response": "acceptable", "completed": "full", "effort": "ok"}


@st.composite
def doses(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A chain (easiest first, 1-4 exercises of 1-5 rungs) and a dose on it."""
    rungs = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    chain = [{"slug": f"exercise-{i}", "rungs": n} for i, n in enumerate(rungs)]
    index = draw(st.integers(0, len(chain) - 1))
    return chain, {"slug": chain[index]["slug"], "rung": draw(st.integers(0, rungs[index] - 1))}


histories = st.lists(history_entry, min_size=1, max_size=6)
modes = st.sampled_from(["symptom_guided", "graded_activity"])


def on_the_ladder(chain: list[dict[str, Any]], decision: Decision) -> bool:
    rungs = {link["slug"]: link["rungs"] for link in chain}
    return decision["slug"] in rungs and 0 <= decision["rung"] < rungs[decision["slug"]]


# docs/clinical-rules.md §6: a decision never leaves the chain or the ladder.
@given(doses(), histories, modes, st.booleans())
def test_a_decision_never_leaves_the_chain_or_the_ladder(
    dose: tuple[list[dict[str, Any]], dict[str, Any]],
    history: list[dict[str, Any]],
    mode: str,
    pinned: bool,
) -> None:
    chain, current = dose
    decision = exercise_decision(chain, current, history, mode=mode, pinned=pinned)
    assert on_the_ladder(chain, decision)
    assert decision["action"] in {"progress", "hold", "back", "pause"}


# docs/clinical-rules.md §6: no progress ever follows a too_much or a stop.
@given(doses(), histories, st.sampled_from(["too_much", "stop"]), modes)
def test_no_progress_ever_follows_a_too_much_or_a_stop(
    dose: tuple[list[dict[str, Any]], dict[str, Any]],
    history: list[dict[str, Any]],
    response: str,
    mode: str,
) -> None:
    chain, current = dose
    last = {**history[-1], "response": response}
    assert exercise_decision(chain, current, [*history, last], mode=mode)["action"] != "progress"
    # nor one session later: progress needs the last two both acceptable
    after = [*history, last, GOOD_ENTRY]
    assert exercise_decision(chain, current, after, mode=mode)["action"] != "progress"


# docs/clinical-rules.md §6: after a stop the action is always pause, dose unchanged.
@given(doses(), histories, modes, st.booleans())
def test_after_a_stop_the_action_is_always_pause(
    dose: tuple[list[dict[str, Any]], dict[str, Any]],
    history: list[dict[str, Any]],
    mode: str,
    pinned: bool,
) -> None:
    chain, current = dose
    stop = {**history[-1], "response": "stop"}
    decision = exercise_decision(chain, current, [*history, stop], mode=mode, pinned=pinned)
    assert decision["action"] == "pause"
    assert (decision["slug"], decision["rung"]) == (current["slug"], current["rung"])


# docs/clinical-rules.md §6: a step back, then two good sessions, returns to the same dose.
@given(doses(), histories)
def test_a_step_back_then_two_good_sessions_returns_to_the_same_dose(
    dose: tuple[list[dict[str, Any]], dict[str, Any]], history: list[dict[str, Any]]
) -> None:
    chain, current = dose
    too_much = {**history[-1], "response": "too_much"}
    back = exercise_decision(chain, current, [*history, too_much])
    if back["action"] != "back":  # the bottom of the chain: it holds instead
        assert (back["slug"], back["rung"]) == (current["slug"], current["rung"])
        return
    stepped = {"slug": back["slug"], "rung": back["rung"]}
    again = exercise_decision(chain, stepped, [GOOD_ENTRY, GOOD_ENTRY])
    assert again["action"] == "progress"
    assert (again["slug"], again["rung"]) == (current["slug"], current["rung"])


# docs/clinical-rules.md §6: pinned exercises never move, per session or per week.
@given(
    doses(),
    histories,
    modes,
    st.integers(0, 7),
    st.integers(0, 7),
    st.lists(st.sampled_from(RESPONSES)),
)
def test_pinned_exercises_never_move(
    dose: tuple[list[dict[str, Any]], dict[str, Any]],
    history: list[dict[str, Any]],
    mode: str,
    planned: int,
    done: int,
    responses: list[str],
) -> None:
    chain, current = dose
    decisions = [
        exercise_decision(chain, current, history, mode=mode, pinned=True),
        graded_week_decision(
            chain, current, {"planned": planned, "done": done, "responses": responses}, pinned=True
        ),
    ]
    for decision in decisions:
        assert decision["action"] in {"hold", "pause"}
        assert (decision["slug"], decision["rung"]) == (current["slug"], current["rung"])


# docs/clinical-rules.md §6: graded weeks stay on the ladder, never progress after a too_much
# or a stop, and pause after any stop.
@given(doses(), st.integers(0, 7), st.integers(0, 7), st.lists(st.sampled_from(RESPONSES)))
def test_a_graded_week_follows_its_rules(
    dose: tuple[list[dict[str, Any]], dict[str, Any]],
    planned: int,
    done: int,
    responses: list[str],
) -> None:
    chain, current = dose
    week = {"planned": planned, "done": done, "responses": responses}
    decision = graded_week_decision(chain, current, week)
    assert on_the_ladder(chain, decision)
    assert decision["flare"] == ("too_much" in responses)
    if "stop" in responses:
        assert decision["action"] == "pause"
    if decision["action"] == "progress":
        assert planned > 0 and done * 3 >= planned * 2 and not set(responses) & {"stop", "too_much"}


START = date(2027, 3, 1)
day_offsets = st.integers(-3, 120)
sweep_sessions = st.lists(
    st.fixed_dictionaries(
        {
            "date": day_offsets.map(lambda n: START + timedelta(days=n)),
            "pain_before": st.integers(0, 10),
            "response": st.sampled_from(RESPONSES),
        }
    ),
    max_size=30,
)


@st.composite
def reassessment_entries(draw: st.DrawFn) -> dict[str, Any]:
    done = draw(st.booleans())
    entry: dict[str, Any] = {
        "due": START + timedelta(days=draw(st.integers(0, 100))),
        "done": done,
        "trigger": draw(st.sampled_from(["scheduled", "worsening", "repeated_flares", "plateau"])),
    }
    if done and draw(st.booleans()):
        entry["done_on"] = START + timedelta(days=draw(st.integers(0, 120)))
    return entry


programmes: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["awaiting_approval", "active", "paused", "completed"]),
        "started_on": st.just(START),
        "planned_dates": st.lists(day_offsets.map(lambda n: START + timedelta(days=n))),
        "sessions": sweep_sessions,
        "reassessments": st.lists(reassessment_entries(), max_size=5),
        "progressed_on": st.lists(day_offsets.map(lambda n: START + timedelta(days=n))),
        "open_alerts": st.lists(
            st.sampled_from(["worsening", "repeated_flares", "inactive", "safety_stop"])
        ),
    }
)
todays = st.integers(0, 130).map(lambda n: START + timedelta(days=n))


# docs/clinical-rules.md §7: sweep alerts never appear for a programme that is not active,
# and each kind appears at most once with the severity of the table.
@given(programmes, todays)
def test_sweep_alerts_only_for_active_programmes_each_kind_once(
    programme: dict[str, Any], today: date
) -> None:
    found = alerts_due(programme, today)
    if programme["status"] != "active":
        assert found == []
    kinds = [a["kind"] for a in found]
    assert len(kinds) == len(set(kinds))
    severity = {"worsening": "medium", "repeated_flares": "medium"}
    assert all(a["severity"] == severity.get(a["kind"], "low") for a in found)
    assert not ({"worsening", "inactive"} <= set(kinds))


# docs/clinical-rules.md §8: nothing is due before its window opens, and a done
# reassessment is never due again.
@given(programmes, todays)
def test_no_reassessment_is_due_before_its_window_or_after_it_was_done(
    programme: dict[str, Any], today: date
) -> None:
    found = reassessment_status(programme, today)
    waiting = [r for r in programme["reassessments"] if not r["done"]]
    due_date = found["due_date"]
    if found["due"] and due_date != today:
        # not an early trigger raised today: a stored entry, not done, its window open
        assert due_date is not None
        assert any(r["due"] == due_date and r["trigger"] == found["trigger"] for r in waiting)
        assert today >= due_date - timedelta(days=3)
    if found["due"] and found["trigger"] == "scheduled":
        assert due_date is not None
        assert any(r["due"] == due_date and r["trigger"] == "scheduled" for r in waiting)
        assert today >= due_date - timedelta(days=3)
    if not waiting:
        assert found["due"] is False or due_date == today


# docs/clinical-rules.md §8: early triggers never fire within 14 days after one was done
# (done on day d: none on days d to d + 13), unless one is already open and waiting.
@given(programmes, todays)
def test_early_triggers_never_fire_within_14_days_after_one_was_done(
    programme: dict[str, Any], today: date
) -> None:
    found = reassessment_status(programme, today)
    resting = any(
        "done_on" in r and 0 <= (today - r["done_on"]).days <= 13
        for r in programme["reassessments"]
    )
    opened = [
        r
        for r in programme["reassessments"]
        if not r["done"] and today >= r["due"] - timedelta(days=3)
    ]
    if resting and not opened:
        assert found["due"] is False


# docs/clinical-rules.md §8: once every reassessment is done, none of them is due again: a
# due one can only be a new early one, due today.
@given(programmes, todays)
def test_done_reassessments_are_never_due_again(programme: dict[str, Any], today: date) -> None:
    done = [{**r, "done": True} for r in programme["reassessments"]]
    programme = {**programme, "reassessments": done}
    found = reassessment_status(programme, today)
    if found["due"]:
        assert found["trigger"] in {"worsening", "repeated_flares", "plateau"}
        assert found["due_date"] == today
    else:
        assert found["due_date"] is None
