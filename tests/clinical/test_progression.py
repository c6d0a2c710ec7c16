"""Each exercise's next dose: symptom-guided, graded activity, a clinician's own dose
(docs/clinical-rules.md §6)."""

from typing import Any

import pytest

from spinewise.clinical import (
    WHY,
    Decision,
    ValidationError,
    exercise_decision,
    graded_week_decision,
    thresholds_from,
)
from spinewise.clinical.progression import REASONS

# Easiest first: a 3-rung bridge, a 2-rung single-leg bridge, a 1-rung hip thrust.
CHAIN: list[dict[str, object]] = [
    {"slug": "bridge", "rungs": 3},
    {"slug": "single-leg-bridge", "rungs": 2},
    {"slug": "hip-thrust", "rungs": 1},
]


def entry(
    response: str = "acceptable", completed: str = "full", effort: str | None = "ok"
) -> dict[str, object]:
    return {"response": response, "completed": completed, "effort": effort}


GOOD = entry()
TOO_MUCH = entry("too_much")
STOP = entry("stop")
PARTIAL = entry(completed="partial")
TOO_HARD = entry(effort="too_hard")


def at(slug: str, rung: object) -> dict[str, object]:
    return {"slug": slug, "rung": rung}


def decide(slug: str, rung: int, *history: dict[str, object], **options: Any) -> Decision:
    return exercise_decision(CHAIN, at(slug, rung), list(history), **options)


def dose(decision: Decision) -> tuple[str, str, int]:
    return decision["action"], decision["slug"], decision["rung"]


def errors_of(call: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        call(*args, **kwargs)
    return {e["field"]: e["message"] for e in raised.value.errors}


# --- after stop -------------------------------------------------------------------------


# docs/clinical-rules.md §6: after stop, pause with the dose unchanged.
def test_a_stop_pauses_with_the_dose_unchanged() -> None:
    decision = decide("bridge", 1, GOOD, STOP)

    assert dose(decision) == ("pause", "bridge", 1)
    assert decision["flare"] is False
    assert decision["why"] == "stopped"


# docs/clinical-rules.md §6: a stop pauses even after good sessions that would progress.
def test_a_stop_pauses_even_after_two_good_sessions() -> None:
    assert decide("bridge", 0, GOOD, GOOD, STOP)["action"] == "pause"


# --- after too_much ---------------------------------------------------------------------


# docs/clinical-rules.md §6: after too_much, a flare and one rung back.
def test_too_much_records_a_flare_and_steps_back_one_rung() -> None:
    decision = decide("bridge", 2, TOO_MUCH)

    assert dose(decision) == ("back", "bridge", 1)
    assert decision["flare"] is True
    assert decision["why"] == "too_much"


# docs/clinical-rules.md §6: from the bottom rung, the previous exercise at its top rung.
def test_too_much_at_the_bottom_rung_moves_to_the_easier_exercise_at_its_top_rung() -> None:
    assert dose(decide("single-leg-bridge", 0, TOO_MUCH)) == ("back", "bridge", 2)
    assert dose(decide("hip-thrust", 0, TOO_MUCH)) == ("back", "single-leg-bridge", 1)


# docs/clinical-rules.md §6: at the bottom of the first exercise: hold, flare kept.
def test_too_much_at_the_bottom_of_the_chain_holds_and_keeps_the_flare() -> None:
    decision = decide("bridge", 0, TOO_MUCH)

    assert dose(decision) == ("hold", "bridge", 0)
    assert decision["flare"] is True
    assert decision["why"] == "too_much_at_easiest"


# docs/clinical-rules.md §6: the response of the session just logged decides, not effort.
def test_too_much_steps_back_even_when_it_felt_easy_and_was_done_in_full() -> None:
    assert decide("bridge", 1, GOOD, entry("too_much", "full", "easy"))["action"] == "back"


# --- after acceptable: progress ---------------------------------------------------------


# docs/clinical-rules.md §6: two acceptable, full, easy/ok entries: progress one rung.
@pytest.mark.parametrize("efforts", [("ok", "ok"), ("easy", "ok"), ("easy", "easy")])
def test_two_good_sessions_progress_one_rung(efforts: tuple[str, str]) -> None:
    history = [entry(effort=effort) for effort in efforts]
    decision = decide("bridge", 0, *history)

    assert dose(decision) == ("progress", "bridge", 1)
    assert decision["flare"] is False
    assert decision["why"] == "good_sessions"
    assert decision["previous"] == {"slug": "bridge", "rung": 0}


# docs/clinical-rules.md §6: one entry is not enough.
def test_one_good_session_is_not_enough() -> None:
    decision = decide("bridge", 0, GOOD)

    assert dose(decision) == ("hold", "bridge", 0)
    assert decision["why"] == "building_up"
    assert (
        decision["reason"] == "That went well. One more session like it and this moves up a step."
    )


# docs/clinical-rules.md §6: only the last two entries count; older ones do not.
def test_older_entries_do_not_stop_two_good_sessions_progressing() -> None:
    assert decide("bridge", 0, PARTIAL, TOO_HARD, GOOD, GOOD)["action"] == "progress"


# docs/clinical-rules.md §6: both of the last two must be good.
@pytest.mark.parametrize(
    "earlier",
    [
        entry(effort="hard"),
        entry(effort="too_hard"),
        entry(effort=None),
        entry(completed="partial"),
        entry(completed="skipped", effort=None),
        entry("too_much"),
        entry("stop"),
    ],
)
def test_a_session_before_that_was_not_good_holds(earlier: dict[str, object]) -> None:
    decision = decide("bridge", 0, earlier, GOOD)

    assert decision["action"] == "hold"


# docs/clinical-rules.md §6: the session just logged must be good too.
@pytest.mark.parametrize(
    "last", [entry(effort="hard"), entry(effort=None), entry(completed="skipped", effort=None)]
)
def test_an_acceptable_last_session_that_was_not_good_holds(last: dict[str, object]) -> None:
    decision = decide("bridge", 0, GOOD, last)

    assert dose(decision) == ("hold", "bridge", 0)
    assert decision["why"] == "steady"


# docs/clinical-rules.md §6: at the top rung, progress moves to the next exercise's bottom rung.
def test_progress_from_the_top_rung_moves_to_the_next_exercise_at_its_bottom_rung() -> None:
    decision = decide("bridge", 2, GOOD, GOOD)

    assert dose(decision) == ("progress", "single-leg-bridge", 0)
    assert "move on to a harder one" in decision["reason"]


# docs/clinical-rules.md §6: at the top rung of the last exercise: hold (maintenance).
def test_the_top_of_the_chain_holds_for_maintenance() -> None:
    decision = decide("hip-thrust", 0, GOOD, GOOD)

    assert dose(decision) == ("hold", "hip-thrust", 0)
    assert decision["why"] == "top_of_chain"


# docs/clinical-rules.md §6: at the top of the chain nothing promises a move up.
def test_one_good_session_at_the_top_of_the_chain_does_not_promise_a_step_up() -> None:
    decision = decide("hip-thrust", 0, GOOD)

    assert decision["why"] == "top_of_chain"
    assert "moves up" not in decision["reason"]


# --- after acceptable: back -------------------------------------------------------------


# docs/clinical-rules.md §6: back one rung if each of the last two was partial or too_hard.
@pytest.mark.parametrize(
    "pair", [(PARTIAL, PARTIAL), (TOO_HARD, TOO_HARD), (PARTIAL, TOO_HARD), (TOO_HARD, PARTIAL)]
)
def test_two_partial_or_too_hard_sessions_step_back(
    pair: tuple[dict[str, object], dict[str, object]],
) -> None:
    decision = decide("bridge", 1, *pair)

    assert dose(decision) == ("back", "bridge", 0)
    assert decision["flare"] is False
    assert decision["why"] == "hard_sessions"


# docs/clinical-rules.md §6: a skipped entry counts as an entry, and is not partial.
def test_a_skipped_entry_counts_and_breaks_two_partial_sessions() -> None:
    skipped = entry(completed="skipped", effort=None)

    assert decide("bridge", 1, PARTIAL, skipped, PARTIAL)["action"] == "hold"
    assert decide("bridge", 1, GOOD, skipped, GOOD)["action"] == "hold"


# docs/clinical-rules.md §6: an earlier too_much that was partial still counts as partial.
def test_an_earlier_partial_too_much_and_a_partial_session_step_back() -> None:
    assert decide("bridge", 1, entry("too_much", "partial"), PARTIAL)["action"] == "back"


# docs/clinical-rules.md §6: one partial session alone does not step back.
def test_one_partial_session_holds() -> None:
    assert dose(decide("bridge", 1, PARTIAL)) == ("hold", "bridge", 1)
    assert dose(decide("bridge", 1, GOOD, PARTIAL)) == ("hold", "bridge", 1)


# docs/clinical-rules.md §6: the same chain rules as a too_much step back.
def test_hard_sessions_at_the_bottom_rung_move_to_the_easier_exercise() -> None:
    decision = decide("single-leg-bridge", 0, PARTIAL, PARTIAL)

    assert dose(decision) == ("back", "bridge", 2)
    assert "easier exercise" in decision["reason"]


# docs/clinical-rules.md §6: at the bottom of the chain it cannot go lower: hold.
def test_hard_sessions_at_the_bottom_of_the_chain_hold() -> None:
    decision = decide("bridge", 0, PARTIAL, PARTIAL)

    assert dose(decision) == ("hold", "bridge", 0)
    assert decision["why"] == "hard_sessions_at_easiest"


# docs/clinical-rules.md §6: at the top of the chain, hard sessions still step back.
def test_hard_sessions_at_the_top_of_the_chain_still_step_back() -> None:
    assert dose(decide("hip-thrust", 0, PARTIAL, PARTIAL)) == ("back", "single-leg-bridge", 1)


# --- a clinician's own dose -------------------------------------------------------------


# docs/clinical-rules.md §6: a pinned dose holds ("your clinician set this dose").
@pytest.mark.parametrize("history", [[GOOD, GOOD], [TOO_MUCH], [PARTIAL, PARTIAL]])
def test_a_pinned_dose_holds_whatever_the_sessions(history: list[dict[str, object]]) -> None:
    decision = decide("bridge", 1, *history, pinned=True)

    assert dose(decision) == ("hold", "bridge", 1)
    assert decision["why"] == "pinned"
    assert decision["reason"] == "Your clinician set this dose, so it stays the same."


# docs/clinical-rules.md §6: but a stop still pauses the whole programme.
def test_a_pinned_dose_still_pauses_after_a_stop() -> None:
    assert decide("bridge", 1, STOP, pinned=True)["action"] == "pause"


# docs/clinical-rules.md §6 (the dose holds; the session was still too much): the flare is a
# fact about the session, so it is still recorded for the clinician.
def test_a_pinned_dose_still_records_a_flare() -> None:
    assert decide("bridge", 1, TOO_MUCH, pinned=True)["flare"] is True
    assert decide("bridge", 1, GOOD, pinned=True)["flare"] is False


# --- graded-activity mode, per session --------------------------------------------------


# docs/clinical-rules.md §6: in graded-activity mode nothing moves per session.
@pytest.mark.parametrize("history", [[GOOD, GOOD], [PARTIAL, PARTIAL], [GOOD]])
def test_graded_sessions_never_move_the_dose(history: list[dict[str, object]]) -> None:
    decision = decide("bridge", 1, *history, mode="graded_activity")

    assert dose(decision) == ("hold", "bridge", 1)
    assert decision["why"] == "graded_session"


# docs/clinical-rules.md §6: a too_much records a flare and holds; it never steps back.
def test_a_graded_too_much_records_a_flare_and_holds() -> None:
    decision = decide("bridge", 1, TOO_MUCH, mode="graded_activity")

    assert dose(decision) == ("hold", "bridge", 1)
    assert decision["flare"] is True


# docs/clinical-rules.md §6: stop still pauses in graded-activity mode.
def test_a_graded_stop_pauses() -> None:
    assert decide("bridge", 1, STOP, mode="graded_activity")["action"] == "pause"


# --- graded-activity mode, at the week's end --------------------------------------------


def week(planned: int, done: int, *responses: str) -> dict[str, object]:
    return {"planned": planned, "done": done, "responses": list(responses)}


def weekly(slug: str, rung: int, planned: int, done: int, *responses: str, **options: Any) -> Any:
    return graded_week_decision(CHAIN, at(slug, rung), week(planned, done, *responses), **options)


# docs/clinical-rules.md §6: done × 3 ≥ planned × 2 and no too_much: progress one rung.
@pytest.mark.parametrize(("planned", "done"), [(3, 2), (3, 3), (4, 3), (5, 4), (6, 4), (3, 5)])
def test_two_thirds_of_the_planned_sessions_progress(planned: int, done: int) -> None:
    decision = weekly("bridge", 0, planned, done, *["acceptable"] * done)

    assert dose(decision) == ("progress", "bridge", 1)
    assert decision["why"] == "week_done"
    assert decision["reason"] == (
        f"You did {done} of {planned} planned sessions, so this moves up a step."
    )


# docs/clinical-rules.md §6: fewer than two thirds: hold.
@pytest.mark.parametrize(("planned", "done"), [(3, 1), (4, 2), (5, 3), (6, 3), (3, 0)])
def test_fewer_than_two_thirds_hold(planned: int, done: int) -> None:
    decision = weekly("bridge", 0, planned, done)

    assert dose(decision) == ("hold", "bridge", 0)
    assert decision["why"] == "week_too_few"


# docs/clinical-rules.md §6: progress only "if sessions were planned".
def test_a_week_with_nothing_planned_holds() -> None:
    decision = weekly("bridge", 0, 0, 2, "acceptable", "acceptable")

    assert dose(decision) == ("hold", "bridge", 0)
    assert decision["why"] == "week_none_planned"


# docs/clinical-rules.md §6: a too_much that week: hold, and the flare is recorded.
def test_a_week_with_a_too_much_holds_and_records_a_flare() -> None:
    decision = weekly("bridge", 0, 3, 3, "acceptable", "too_much", "acceptable")

    assert dose(decision) == ("hold", "bridge", 0)
    assert decision["flare"] is True


# docs/clinical-rules.md §6: any stop that week: pause.
def test_a_week_with_a_stop_pauses() -> None:
    decision = weekly("bridge", 0, 3, 3, "acceptable", "stop", "too_much")

    assert dose(decision) == ("pause", "bridge", 0)
    assert decision["flare"] is True


# docs/clinical-rules.md §6: the same chain rules: top rung to the next exercise, top of the
# last exercise holds.
def test_a_graded_week_follows_the_chain_rules() -> None:
    assert dose(weekly("bridge", 2, 3, 3)) == ("progress", "single-leg-bridge", 0)
    top = weekly("hip-thrust", 0, 3, 3)
    assert dose(top) == ("hold", "hip-thrust", 0)
    assert top["why"] == "top_of_chain"


# docs/clinical-rules.md §6: a pinned dose holds at the week's end too, but a stop pauses.
def test_a_pinned_graded_week_holds_but_a_stop_pauses() -> None:
    assert dose(weekly("bridge", 0, 3, 3, pinned=True)) == ("hold", "bridge", 0)
    assert weekly("bridge", 0, 3, 3, "stop", pinned=True)["action"] == "pause"


# docs/clinical-rules.md §6 with a clinic's own share: exactly at the edge, no float slips.
def test_a_clinics_own_share_is_compared_exactly() -> None:
    thresholds = thresholds_from({"graded_done_share": 0.75})

    assert weekly("bridge", 0, 4, 3, thresholds=thresholds)["action"] == "progress"
    assert weekly("bridge", 0, 8, 5, thresholds=thresholds)["action"] == "hold"


# --- a clinic's own numbers -------------------------------------------------------------


# docs/clinical-rules.md §6: a clinic may ask for three good sessions before a step up.
def test_a_clinic_may_ask_for_three_good_sessions() -> None:
    thresholds = thresholds_from({"progress_after_good_sessions": 3})

    assert decide("bridge", 0, GOOD, GOOD, thresholds=thresholds)["action"] == "hold"
    decision = decide("bridge", 0, GOOD, GOOD, GOOD, thresholds=thresholds)
    assert decision["action"] == "progress"
    assert decision["reason"] == "Your last three sessions felt fine, so this moves up a step."
    waiting = decide("bridge", 0, GOOD, thresholds=thresholds)
    assert (
        waiting["reason"] == "That went well. Two more sessions like it and this moves up a step."
    )


# docs/clinical-rules.md §6: and step back after a single partial session.
def test_a_clinic_may_step_back_after_one_hard_session() -> None:
    thresholds = thresholds_from({"back_after_hard_sessions": 1})

    decision = decide("bridge", 1, PARTIAL, thresholds=thresholds)
    assert dose(decision) == ("back", "bridge", 0)
    assert decision[
        "reason"
    ] == "Your last one sessions were hard to finish, so this goes down a step for now." or (
        decision["why"] == "hard_sessions"
    )


# --- what each decision returns ---------------------------------------------------------


# docs/clinical-rules.md §6: action, the new dose, the flare and a reason; "why" is a code.
def test_every_decision_has_the_contract_keys_and_a_known_why() -> None:
    decision = decide("bridge", 0, GOOD, GOOD)

    assert set(decision) >= {"action", "slug", "rung", "flare", "reason"}
    assert decision["why"] in WHY


def test_every_reason_is_short_plain_words() -> None:
    for text in REASONS.values():
        sentences = [s for s in text.replace("!", ".").split(".") if s.strip()]
        assert all(len(s.split()) <= 22 for s in sentences), text
        assert not {"strain", "damage", "protect"} & set(text.lower().split())


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chain", "field"),
    [
        ([], "chain"),
        ("bridge", "chain"),
        (None, "chain"),
        (["bridge"], "chain[0]"),
        ([{"slug": "", "rungs": 2}], "chain[0].slug"),
        ([{"slug": 3, "rungs": 2}], "chain[0].slug"),
        ([{"rungs": 2}], "chain[0].slug"),
        ([{"slug": "bridge", "rungs": 0}], "chain[0].rungs"),
        ([{"slug": "bridge", "rungs": True}], "chain[0].rungs"),
        ([{"slug": "bridge", "rungs": 2.0}], "chain[0].rungs"),
        ([{"slug": "bridge", "rungs": 2}, {"slug": "bridge", "rungs": 2}], "chain[1].slug"),
        ([{"slug": ["bridge"], "rungs": 2}], "chain[0].slug"),
    ],
)
def test_a_bad_chain_is_named(chain: object, field: str) -> None:
    assert field in errors_of(exercise_decision, chain, at("bridge", 0), [GOOD])


@pytest.mark.parametrize(
    ("current", "field", "message"),
    [
        (at("plank", 0), "current.slug", "This exercise is not in the chain."),
        (at("", 0), "current.slug", "This must be a slug (text)."),
        ({"rung": 0}, "current.slug", "This must be a slug (text)."),
        (at("bridge", 3), "current.rung", "This must be a whole number from 0 to 2."),
        (at("bridge", -1), "current.rung", "This must be a whole number, 0 or more."),
        (at("bridge", "1"), "current.rung", "This must be a whole number, 0 or more."),
        (at("bridge", None), "current.rung", "This must be a whole number, 0 or more."),
        (["bridge", 0], "current", 'This must be named values: "slug", "rung".'),
    ],
)
def test_a_bad_current_dose_is_named(current: object, field: str, message: str) -> None:
    assert errors_of(exercise_decision, CHAIN, current, [GOOD]) == {field: message}


@pytest.mark.parametrize(
    ("history", "field"),
    [
        ([], "history"),
        (None, "history"),
        (GOOD, "history"),
        (["acceptable"], "history[0]"),
        ([GOOD, entry("fine")], "history[1].response"),
        ([entry(completed="most")], "history[0].completed"),
        ([entry(effort="medium")], "history[0].effort"),
        ([{"completed": "full", "effort": "ok"}], "history[0].response"),
        ([{"response": "acceptable", "effort": "ok"}], "history[0].completed"),
        ([entry(effort=["ok"])], "history[0].effort"),  # type: ignore[arg-type]
        ([{**GOOD, "response": {"a": 1}}], "history[0].response"),
    ],
)
def test_bad_history_is_named(history: object, field: str) -> None:
    assert field in errors_of(exercise_decision, CHAIN, at("bridge", 0), history)


def test_a_missing_effort_is_allowed() -> None:
    skipped: dict[str, object] = {"response": "acceptable", "completed": "skipped"}

    assert decide("bridge", 0, skipped)["action"] == "hold"


def test_every_problem_is_named_at_once() -> None:
    errors = errors_of(
        exercise_decision,
        [{"slug": "bridge", "rungs": 0}],
        at("bridge", "x"),
        [entry("fine", "most", "meh")],
        mode="strict",
        pinned="yes",
    )

    assert set(errors) == {
        "chain[0].rungs",
        "current.rung",
        "history[0].response",
        "history[0].completed",
        "history[0].effort",
        "mode",
        "pinned",
    }


def test_an_unknown_mode_is_named() -> None:
    assert errors_of(exercise_decision, CHAIN, at("bridge", 0), [GOOD], mode=["graded"]) == {
        "mode": "This must be one of: symptom_guided, graded_activity."
    }


def test_thresholds_that_are_not_thresholds_are_named() -> None:
    assert "thresholds" in errors_of(exercise_decision, CHAIN, at("bridge", 0), [GOOD], {})


class Record(dict[str, object]):
    """A mapping that is not a plain dict: read the slow way, with the same answers."""


class Step(int):
    """An int subclass (an IntEnum, say) as a rung."""


class Code(str):
    """A str subclass (a StrEnum, say) as a slug."""


def test_mappings_that_are_not_plain_dicts_give_the_same_decision() -> None:
    chain = [Record(link) for link in CHAIN]
    history = [Record(GOOD), Record(GOOD)]

    decision = exercise_decision(chain, Record(at("bridge", 0)), history)
    assert dose(decision) == ("progress", "bridge", 1)
    assert exercise_decision(tuple(CHAIN), at("bridge", 0), (GOOD, GOOD)) == decide(
        "bridge", 0, GOOD, GOOD
    )


def test_subclasses_of_int_and_str_are_read_as_their_values() -> None:
    chain = [{"slug": Code("bridge"), "rungs": Step(3)}, {"slug": "plank", "rungs": 1}]

    decision = exercise_decision(chain, {"slug": Code("bridge"), "rung": Step(2)}, [GOOD, GOOD])
    assert dose(decision) == ("progress", "plank", 0)


@pytest.mark.parametrize(
    ("the_week", "field"),
    [
        (None, "week"),
        ({"planned": -1, "done": 0, "responses": []}, "week.planned"),
        ({"planned": 3, "done": 1.5, "responses": []}, "week.done"),
        ({"planned": 3, "done": True, "responses": []}, "week.done"),
        ({"planned": 3, "done": 2}, "week.responses"),
        ({"planned": 3, "done": 2, "responses": ["fine"]}, "week.responses"),
        ({"planned": 3, "done": 2, "responses": [["stop"]]}, "week.responses"),
    ],
)
def test_a_bad_week_is_named(the_week: object, field: str) -> None:
    assert field in errors_of(graded_week_decision, CHAIN, at("bridge", 0), the_week)


def test_a_bad_week_dose_and_pin_are_named_together() -> None:
    errors = errors_of(graded_week_decision, CHAIN, at("plank", 0), week(3, 3), pinned=1)

    assert set(errors) == {"current.slug", "pinned"}
