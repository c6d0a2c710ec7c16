import json
from collections.abc import Mapping
from pathlib import Path

import pytest

import spinewise
from spinewise.clinical import (
    ITEM_CODES,
    ODI_CODES,
    RED_FLAG_CODES,
    REQUIRED_CODES,
    STARTBACK_CODES,
    ValidationError,
    validate_answers,
)
from tests.assessments.answers import self_care


def errors_for(answers: Mapping[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_answers(answers)
    return {e["field"]: e["message"] for e in caught.value.errors}


def test_complete_answers_pass() -> None:
    checked = validate_answers(self_care())
    assert checked.age == 42
    assert checked.worse_with == {"bending_forward", "sitting"}


@pytest.mark.parametrize("code", sorted(REQUIRED_CODES))
def test_each_required_item_is_named_when_missing(code: str) -> None:
    answers = self_care()
    del answers[code]
    assert code in errors_for(answers)


def test_pregnant_is_optional_and_counts_as_no() -> None:
    answers = self_care()
    del answers["pregnant"]
    assert validate_answers(answers).flags["pregnant"] is False


def test_red_flag_answered_null_is_an_error_not_assumed_no() -> None:
    assert "rf_fever" in errors_for(self_care(rf_fever=None))


def test_missing_optional_items_take_their_defaults() -> None:
    answers = {k: v for k, v in self_care().items() if k in REQUIRED_CODES}
    checked = validate_answers(answers)
    assert checked.first_episode is None
    assert checked.worse_with == frozenset()
    assert checked.leg_numbness_tingling is False
    assert checked.startback == {} and checked.odi == {}


@pytest.mark.parametrize("age", [15, 111, -1])
def test_age_outside_16_to_110_is_explained(age: int) -> None:
    message = errors_for(self_care(age=age))["age"]
    assert "16 to 110" in message
    assert "aged 16 and over" in message


@pytest.mark.parametrize("age", [16, 110])
def test_age_limits_are_inclusive(age: int) -> None:
    assert validate_answers(self_care(age=age)).age == age


@pytest.mark.parametrize("value", [11, -1, 4.5, "4", True])
def test_pain_must_be_a_whole_number_from_0_to_10(value: object) -> None:
    assert "0 to 10" in errors_for(self_care(pain_now=value))["pain_now"]


def test_boolean_must_be_a_real_boolean() -> None:
    assert "yes or no" in errors_for(self_care(rf_fever=1))["rf_fever"]


def test_integer_must_not_be_a_boolean() -> None:
    assert "age" in errors_for(self_care(age=True))


def test_unknown_choice_lists_what_is_allowed() -> None:
    message = errors_for(self_care(duration="forever"))["duration"]
    assert "lt_6w" in message and "gt_12w" in message


def test_choice_must_be_text() -> None:
    assert "leg_symptoms" in errors_for(self_care(leg_symptoms=3))


def test_missing_required_choice_is_explained() -> None:
    answers = self_care()
    del answers["duration"]
    assert "required" in errors_for(answers)["duration"]


def test_unknown_movement_in_a_list_is_rejected() -> None:
    assert "worse_with" in errors_for(self_care(worse_with=["dancing"]))


def test_movement_list_must_be_a_list() -> None:
    assert "better_with" in errors_for(self_care(better_with="walking"))


def test_unknown_code_is_named() -> None:
    assert "shoe_size" in errors_for(self_care(shoe_size=9))


def test_every_problem_is_reported_at_once() -> None:
    assert set(errors_for(self_care(age=3, pain_now=12, rf_fever="no"))) == {
        "age",
        "pain_now",
        "rf_fever",
    }


def test_startback_item_of_wrong_type_is_rejected() -> None:
    assert "sb_dress_slowly" in errors_for(self_care(sb_dress_slowly="yes"))


def test_odi_section_out_of_range_is_rejected() -> None:
    assert "0 to 5" in errors_for(self_care(odi_walking=6))["odi_walking"]


def test_answers_must_be_a_mapping() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_answers([1, 2])  # type: ignore[arg-type]  # not a mapping, on purpose
    assert caught.value.errors[0]["field"] == "answers"


def test_item_codes_put_red_flags_first_and_function_last() -> None:
    assert ITEM_CODES[0] == "rf_saddle_numbness"
    assert ITEM_CODES[-1] == "odi_travelling"
    assert len(ITEM_CODES) == len(set(ITEM_CODES)) == 46


# The bundled questionnaire's linkIds are the public item codes, kept apart from the code:
# every code is asked there, each group in the same order, and the same ones are required.
QUESTIONNAIRE = Path(spinewise.__file__).parent / "content/questionnaires/back-pain-assessment.json"


def test_item_codes_are_the_questionnaire_link_ids() -> None:
    document = json.loads(QUESTIONNAIRE.read_text(encoding="utf-8"))
    asked = [i for group in document["item"] for i in group["item"] if i["type"] != "display"]
    codes = [item["linkId"] for item in asked]
    assert sorted(codes) == sorted(ITEM_CODES)
    for group in (RED_FLAG_CODES, STARTBACK_CODES, ODI_CODES):
        assert tuple(code for code in codes if code in group) == group
    assert {item["linkId"] for item in asked if item.get("required")} == REQUIRED_CODES


# docs/clinical-rules.md §1: pain_now is a whole number 0–10, both ends allowed.
@pytest.mark.parametrize("pain", [0, 10])
def test_pain_limits_are_inclusive(pain: int) -> None:
    assert validate_answers(self_care(pain_now=pain)).pain_now == pain


# docs/clinical-rules.md §1: pain_worst_week is optional but, when given, 0–10.
@pytest.mark.parametrize("value", [11, -1])
def test_worst_pain_of_the_week_outside_0_to_10_is_rejected(value: int) -> None:
    assert "0 to 10" in errors_for(self_care(pain_worst_week=value))["pain_worst_week"]


# docs/clinical-rules.md §4: each Oswestry-style section scores 0–5, both ends allowed.
@pytest.mark.parametrize("score", [0, 5])
def test_odi_section_limits_are_inclusive(score: int) -> None:
    assert validate_answers(self_care(odi_walking=score)).odi["odi_walking"] == score


def test_odi_section_below_0_is_rejected() -> None:
    assert "0 to 5" in errors_for(self_care(odi_walking=-1))["odi_walking"]


# docs/clinical-rules.md §3: bothersomeness is one of five named answers.
def test_unknown_bothersomeness_lists_the_five_answers() -> None:
    message = errors_for(self_care(sb_bothersomeness="a_lot"))["sb_bothersomeness"]
    assert "not_at_all" in message and "extremely" in message


# docs/clinical-rules.md §1: first_episode is an optional yes/no.
def test_first_episode_must_be_yes_or_no() -> None:
    assert "yes or no" in errors_for(self_care(first_episode="yes"))["first_episode"]
