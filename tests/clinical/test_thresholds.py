"""A clinic's own thresholds: the defaults of docs/clinical-rules.md, changed only within safe
limits."""

import dataclasses
from collections.abc import Mapping
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinewise.clinical import (
    DEFAULT_THRESHOLDS,
    ValidationError,
    assess,
    thresholds_from,
)
from spinewise.clinical.thresholds import (
    LIMITS,
    exact,
    resolve,
)
from tests.assessments.answers import self_care


def errors_of(overrides: Mapping[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        thresholds_from(overrides)
    return {e["field"]: e["message"] for e in raised.value.errors}


def test_no_changes_gives_the_defaults() -> None:
    assert thresholds_from({}) == DEFAULT_THRESHOLDS


def test_a_change_replaces_only_its_own_default() -> None:
    chosen = thresholds_from({"severe_pain": 8})

    assert chosen.severe_pain == 8
    assert dataclasses.replace(chosen, severe_pain=9) == DEFAULT_THRESHOLDS


def test_the_clinics_approval_switch_is_passed_in_not_set_as_a_threshold() -> None:
    assert thresholds_from({}, require_approval_for_all=True).require_approval_for_all
    assert "require_approval_for_all" in errors_of({"require_approval_for_all": True})


def test_every_threshold_but_the_approval_switch_may_be_changed() -> None:
    names = {f.name for f in dataclasses.fields(DEFAULT_THRESHOLDS)}
    assert set(LIMITS) == names - {"require_approval_for_all"}


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_every_default_lies_in_its_own_safe_range(name: str) -> None:
    low, high = LIMITS[name]
    default = getattr(DEFAULT_THRESHOLDS, name)
    values = default if isinstance(default, tuple) else (default,)
    assert all(low <= value <= high for value in values)


def test_the_follow_up_defaults_are_the_numbers_of_the_rules() -> None:
    # docs/clinical-rules.md §6-§8 (rules 2026.12)
    assert (
        dataclasses.asdict(DEFAULT_THRESHOLDS).items()
        >= {
            "progress_after_good_sessions": 2,
            "back_after_hard_sessions": 2,
            "worsening_window_days": 7,
            "worsening_rise": 2,
            "repeated_flares_count": 2,
            "repeated_flares_days": 14,
            "inactive_days": 7,
            "low_adherence_days": 14,
            "low_adherence_share": 0.5,
            "reassessment_overdue_days": 7,
            "reassessment_day_1": 14,
            "reassessment_day_2": 42,
            "reassessment_day_3": 84,
            "reassessment_window_days": 3,
            "early_trigger_pause_days": 14,
            "plateau_from_day": 28,
            "plateau_spread_below": 1.0,
            "plateau_min_pain": 3,
            "plateau_no_progress_days": 14,
        }.items()
    )
    assert exact(DEFAULT_THRESHOLDS.graded_done_share) == Fraction(2, 3)


def test_a_share_a_clinic_types_is_read_as_the_fraction_it_means() -> None:
    assert exact(0.67) == Fraction(67, 100)
    assert exact(thresholds_from({"graded_done_share": 0.75}).graded_done_share) == Fraction(3, 4)


def test_a_follow_up_threshold_is_checked_like_the_others() -> None:
    assert thresholds_from({"inactive_days": 10}).inactive_days == 10
    assert errors_of({"progress_after_good_sessions": 1}) == {
        "progress_after_good_sessions": "This must be a whole number from 2 to 5."
    }
    assert errors_of({"plateau_spread_below": "1"}) == {
        "plateau_spread_below": "This must be a number from 0.5 to 3."
    }


def test_reassessments_must_come_in_order() -> None:
    message = "Each reassessment must come after the one before."
    assert errors_of({"reassessment_day_1": 28, "reassessment_day_2": 28}) == {
        "reassessment_day_2": message
    }
    assert errors_of({"reassessment_day_2": 60, "reassessment_day_3": 56}) == {
        "reassessment_day_3": message
    }


def test_a_reassessment_is_overdue_only_after_its_window_has_closed() -> None:
    assert errors_of({"reassessment_window_days": 5, "reassessment_overdue_days": 4}) == {
        "reassessment_overdue_days": "This cannot be shorter than the reassessment window."
    }
    assert thresholds_from({"reassessment_window_days": 5, "reassessment_overdue_days": 5})


def test_no_thresholds_means_the_defaults() -> None:
    assert resolve(None) is DEFAULT_THRESHOLDS


def test_thresholds_that_are_not_thresholds_are_refused_by_name() -> None:
    with pytest.raises(ValidationError) as raised:
        resolve({"stop_peak": 7})  # type: ignore[arg-type]
    assert raised.value.errors[0]["field"] == "thresholds"


def test_an_unknown_threshold_is_named() -> None:
    assert errors_of({"stop_pain": 7}) == {"stop_pain": "A clinic cannot set this threshold."}


@pytest.mark.parametrize("value", [11, 0, 7.5, "8", True, None])
def test_a_whole_number_threshold_outside_its_range_or_type_is_refused(value: object) -> None:
    assert errors_of({"stop_peak": value}) == {
        "stop_peak": "This must be a whole number from 1 to 10."
    }


@pytest.mark.parametrize("value", [1, 10])
def test_a_whole_number_threshold_may_sit_on_either_limit(value: int) -> None:
    assert thresholds_from({"stop_peak": value}).stop_peak == value


def test_a_fraction_accepts_any_number_in_range() -> None:
    assert thresholds_from({"pain_change_fraction": 0.5}).pain_change_fraction == 0.5
    assert "pain_change_fraction" in errors_of({"pain_change_fraction": 0})


@pytest.mark.parametrize(
    "edges", [[20, 40, 60], [40, 20, 60, 80], [20, 20, 60, 80], [20, 40, 60, 101], "20,40"]
)
def test_band_edges_must_be_four_rising_whole_numbers(edges: object) -> None:
    assert "odi_band_edges" in errors_of({"odi_band_edges": edges})


def test_band_edges_given_as_a_list_are_kept_as_a_tuple() -> None:
    assert thresholds_from({"odi_band_edges": [25, 45, 65, 85]}).odi_band_edges == (25, 45, 65, 85)


def test_lowest_age_must_stay_below_the_highest() -> None:
    assert errors_of({"min_age": 60, "max_age": 60}) == {
        "max_age": "This must be above the lowest age."
    }


def test_gentle_weeks_cannot_have_more_sessions_than_usual_weeks() -> None:
    assert "sessions_gentle" in errors_of({"sessions_gentle": 5, "sessions_standard": 4})


def test_every_bad_change_is_named_at_once() -> None:
    assert set(errors_of({"stop_peak": 0, "severe_pain": 99, "nope": 1})) == {
        "stop_peak",
        "severe_pain",
        "nope",
    }


def test_changes_that_are_not_named_values_are_refused() -> None:
    # A list of pairs, not a mapping, on purpose: it must be refused in plain words.
    assert errors_of([("stop_peak", 7)]) == {"thresholds": "Thresholds must be named values."}  # type: ignore[arg-type]


def test_a_clinics_severe_pain_threshold_changes_the_triage() -> None:
    answers = self_care(pain_now=8)

    assert assess(answers).triage.value == "self_care"
    assert assess(answers, thresholds_from({"severe_pain": 8})).triage.value == "review"


@given(
    st.dictionaries(
        st.sampled_from(sorted(set(LIMITS) - {"odi_band_edges", "min_age", "max_age"})),
        st.integers(min_value=0, max_value=120),
    )
)
def test_any_accepted_change_stays_within_its_limits(overrides: dict[str, int]) -> None:
    try:
        chosen = thresholds_from(overrides)
    except ValidationError:
        return
    for name in overrides:
        low, high = LIMITS[name]
        assert low <= getattr(chosen, name) <= high


def test_the_defaults_have_no_changes() -> None:
    assert DEFAULT_THRESHOLDS.changes() == {}


def test_changes_list_only_what_differs_in_json_ready_values() -> None:
    chosen = thresholds_from(
        {"stop_peak": 7, "severe_pain": 9, "odi_band_edges": [25, 45, 65, 85]},
        require_approval_for_all=True,
    )

    assert chosen.changes() == {
        "stop_peak": 7,
        "odi_band_edges": [25, 45, 65, 85],
        "require_approval_for_all": True,
    }


def test_changes_build_the_same_thresholds_again() -> None:
    chosen = thresholds_from({"stop_peak": 7, "odi_band_edges": [25, 45, 65, 85]})

    assert thresholds_from(chosen.changes()) == chosen


def test_strengthening_must_start_after_building_control() -> None:
    assert errors_of({"build_control_from_week": 6, "strengthen_from_week": 6}) == {
        "strengthen_from_week": "This must come after the week that builds control."
    }
