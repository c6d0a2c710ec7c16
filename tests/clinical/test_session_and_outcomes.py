import pytest

from spinewise.clinical import ValidationError, compare_outcomes, session_response


def session(**fields: object) -> dict[str, object]:
    return {"pain_before": 3, "pain_after": 3, "felt_off": False, "new_symptoms": [], **fields}


def test_calm_session_is_acceptable() -> None:
    assert session_response(session()) == "acceptable"


def test_felt_off_stops() -> None:
    assert session_response(session(felt_off=True)) == "stop"


def test_any_new_symptom_stops() -> None:
    assert session_response(session(new_symptoms=["rf_fever"])) == "stop"


@pytest.mark.parametrize(("peak", "response"), [(7, "too_much"), (8, "stop")])
def test_peak_of_8_stops(peak: int, response: str) -> None:
    assert session_response(session(pain_after=peak)) == response


def test_peak_uses_pain_during_when_higher() -> None:
    assert session_response(session(pain_during_max=8, pain_after=2)) == "stop"


def test_spreading_leg_symptoms_stop() -> None:
    assert session_response(session(leg_symptoms="spreading")) == "stop"


@pytest.mark.parametrize("leg", ["none", "usual", "easing"])
def test_other_leg_symptoms_do_not_stop(leg: str) -> None:
    assert session_response(session(leg_symptoms=leg)) == "acceptable"


@pytest.mark.parametrize(("after", "response"), [(5, "acceptable"), (6, "too_much")])
def test_peak_above_5_and_above_before_is_too_much(after: int, response: str) -> None:
    assert session_response(session(pain_after=after)) == response


def test_peak_above_5_but_not_above_before_is_acceptable() -> None:
    assert session_response(session(pain_before=6, pain_after=6)) == "acceptable"


@pytest.mark.parametrize(("morning", "response"), [(4, "acceptable"), (5, "too_much")])
def test_next_morning_two_points_worse_is_too_much(morning: int, response: str) -> None:
    assert session_response(session(next_morning_pain=morning)) == response


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"pain_before": 11}, "pain_before"),
        ({"pain_after": None}, "pain_after"),
        ({"pain_during_max": "high"}, "pain_during_max"),
        ({"leg_symptoms": "everywhere"}, "leg_symptoms"),
        ({"felt_off": "no"}, "felt_off"),
        ({"new_symptoms": ["headache"]}, "new_symptoms"),
        ({"mood": "fine"}, "mood"),
    ],
)
def test_bad_session_input_names_the_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        session_response(session(**fields))
    assert caught.value.errors[0]["field"] == field


def outcome(
    before_pain: int, now_pain: int, before_odi: float | None = None, now_odi: float | None = None
) -> dict[str, str]:
    return compare_outcomes(
        {"pain": before_pain, "odi_pct": before_odi}, {"pain": now_pain, "odi_pct": now_odi}
    )


@pytest.mark.parametrize(
    ("before", "now", "change"),
    [
        (6, 4, "improved"),
        (6, 5, "no_meaningful_change"),
        (3, 2, "improved"),
        (4, 3, "no_meaningful_change"),
        (4, 6, "worse"),
        (4, 5, "no_meaningful_change"),
        (0, 0, "no_meaningful_change"),
    ],
)
def test_pain_change(before: int, now: int, change: str) -> None:
    assert outcome(before, now)["pain"] == change


@pytest.mark.parametrize(
    ("before", "now", "change"),
    [
        (40, 30, "improved"),
        (40, 31, "no_meaningful_change"),
        (20, 14, "improved"),
        (20, 15, "no_meaningful_change"),
        (30, 40, "worse"),
        (30, 39.9, "no_meaningful_change"),
        (0, 0, "no_meaningful_change"),
    ],
)
def test_disability_change(before: float, now: float, change: str) -> None:
    assert outcome(5, 5, before, now)["disability"] == change


def test_unknown_disability_lets_pain_decide_overall() -> None:
    assert outcome(6, 3, 40, None) == {
        "pain": "improved",
        "disability": "unknown",
        "overall": "improved",
    }


def test_worse_on_either_is_worse_overall() -> None:
    assert outcome(6, 3, 20, 35)["overall"] == "worse"


def test_improved_on_either_and_worse_on_neither_is_improved() -> None:
    assert outcome(5, 5, 40, 20)["overall"] == "improved"


def test_neither_changed_is_no_meaningful_change() -> None:
    assert outcome(5, 5, 40, 38)["overall"] == "no_meaningful_change"


@pytest.mark.parametrize(
    ("baseline", "now", "field"),
    [
        ({"pain": 11, "odi_pct": None}, {"pain": 2, "odi_pct": None}, "baseline.pain"),
        ({"pain": 3, "odi_pct": 120}, {"pain": 2, "odi_pct": None}, "baseline.odi_pct"),
        ({"pain": 3, "odi_pct": None}, {"pain": True, "odi_pct": None}, "now.pain"),
    ],
)
def test_bad_outcome_input_names_the_field(
    baseline: dict[str, object], now: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        compare_outcomes(baseline, now)
    assert caught.value.errors[0]["field"] == field


# docs/clinical-rules.md §8: "worse if it rose by ≥ 10" holds for one-decimal scores too
# (in binary floats 16.4 - 6.4 is 9.999999999999998).
@pytest.mark.parametrize(("before", "now"), [(6.4, 16.4), (12.9, 22.9)])
def test_odi_rise_of_exactly_10_points_in_tenths_is_worse(before: float, now: float) -> None:
    assert outcome(5, 5, before, now)["disability"] == "worse"


# docs/clinical-rules.md §8: "improved if the ODI fell by ≥ 10 points or ≥ 30 %", exactly 30 % in
# tenths.
@pytest.mark.parametrize(("before", "now"), [(7.0, 4.9), (14.0, 9.8)])
def test_odi_fall_of_exactly_30_percent_in_tenths_is_improved(before: float, now: float) -> None:
    assert outcome(5, 5, before, now)["disability"] == "improved"


# docs/clinical-rules.md §8: "fell by ≥ 10 points", exactly 10 in tenths.
def test_odi_fall_of_exactly_10_points_in_tenths_is_improved() -> None:
    assert outcome(5, 5, 34.3, 24.3)["disability"] == "improved"


# docs/clinical-rules.md, Python interface: bad input is a ValidationError naming the field, never a
# crash.
def test_leg_symptoms_of_the_wrong_type_is_named_not_a_crash() -> None:
    with pytest.raises(ValidationError) as caught:
        session_response(session(leg_symptoms=["spreading"]))
    assert caught.value.errors[0]["field"] == "leg_symptoms"


def test_a_session_that_is_not_named_values_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        session_response(None)  # type: ignore[arg-type]  # not a mapping, on purpose
    assert caught.value.errors[0]["field"] == "session"


def test_outcome_sides_that_are_not_named_values_are_each_named() -> None:
    with pytest.raises(ValidationError) as caught:
        compare_outcomes(None, [3])  # type: ignore[arg-type]  # neither is a mapping, on purpose
    assert [e["field"] for e in caught.value.errors] == ["baseline", "now"]


# docs/clinical-rules.md §6 too_much: "peak > pain_before" is strict; one point above is enough.
def test_peak_one_above_a_high_pain_before_is_too_much() -> None:
    assert session_response(session(pain_before=6, pain_after=7)) == "too_much"


# docs/clinical-rules.md §6: peak = max(pain_during_max, pain_after), so pain during counts for
# too_much.
def test_pain_during_above_5_makes_too_much_even_if_pain_after_settles() -> None:
    assert session_response(session(pain_during_max=6, pain_after=3)) == "too_much"


# docs/clinical-rules.md §6: a lower pain_during_max does not hide a higher pain_after.
def test_pain_after_counts_when_pain_during_was_lower() -> None:
    assert session_response(session(pain_during_max=2, pain_after=6)) == "too_much"


# docs/clinical-rules.md §6: next_morning_pain is compared with pain_before, not with the peak.
def test_next_morning_rise_is_measured_from_pain_before() -> None:
    assert session_response(session(pain_before=0, pain_after=0, next_morning_pain=2)) == (
        "too_much"
    )


@pytest.mark.parametrize("safety_question", ["felt_off", "new_symptoms"])
def test_a_session_without_a_safety_answer_names_it(safety_question: str) -> None:
    # docs/clinical-rules.md §1: a safety question is never assumed, so "no" must be said.
    logged = session()
    del logged[safety_question]

    with pytest.raises(ValidationError) as raised:
        session_response(logged)

    assert [e["field"] for e in raised.value.errors] == [safety_question]


def test_an_empty_new_symptoms_list_is_the_answer_none() -> None:
    assert session_response(session(new_symptoms=[])) == "acceptable"
