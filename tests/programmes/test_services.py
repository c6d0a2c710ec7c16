from typing import Any

import pytest

from spinewise.clinical import STARTBACK_YES_NO
from spinewise.errors import NotFound, Refused
from spinewise.exercises.models import Exercise
from spinewise.programmes import review, services
from spinewise.programmes.models import SAFETY_TEXT_VERSION, Programme
from tests.factories import ClinicFactory, clinician
from tests.programmes.helpers import assessed_patient, programme_for

pytestmark = pytest.mark.django_db


def test_self_care_assessment_gives_an_active_plan_starting_today() -> None:
    programme = programme_for()
    assert programme.status == Programme.Status.ACTIVE
    assert programme.start_date is not None


def test_first_weeks_have_four_exercises_and_a_daily_walk() -> None:
    programme = programme_for()
    week_one = programme.items.filter(from_week=1, is_walking_goal=False)
    assert week_one.count() == 4
    assert programme.items.filter(is_walking_goal=True).count() == 1


def test_plan_grows_to_six_exercises_by_the_strengthen_phase() -> None:
    programme = programme_for()
    assert programme.items.filter(is_walking_goal=False).count() == 6


def test_every_exercise_has_a_plain_reason() -> None:
    programme = programme_for()
    assert all(item.reason for item in programme.items.all())


def test_blocked_assessment_cannot_create_a_plan() -> None:
    person, _ = assessed_patient(rf_fever=True)
    services.accept_safety_advice(by=person, address=None)
    with pytest.raises(Refused, match="doctor needs to see first"):
        services.create_from_assessment(by=person, address=None)
    assert not Programme.objects.exists()


def test_plan_needs_the_safety_acknowledgement_first() -> None:
    person, _ = assessed_patient()
    with pytest.raises(Refused, match="safety advice"):
        services.create_from_assessment(by=person, address=None)


def test_acknowledgement_keeps_time_and_text_version() -> None:
    person, _ = assessed_patient()
    services.accept_safety_advice(by=person, address=None)
    acknowledgement = services.current_acknowledgement(person)
    assert acknowledgement is not None
    assert acknowledgement.text_version == SAFETY_TEXT_VERSION
    assert acknowledgement.acknowledged_at is not None


def test_review_assessment_waits_for_clinician_approval() -> None:
    programme = programme_for(pregnant=True)
    assert programme.status == Programme.Status.AWAITING_APPROVAL
    assert programme.start_date is None


def test_clinic_requiring_approval_holds_every_plan() -> None:
    programme = programme_for(ClinicFactory.create(requires_plan_approval=True))
    assert programme.status == Programme.Status.AWAITING_APPROVAL


def test_high_risk_pathway_uses_graded_activity_and_waits_for_review() -> None:
    # Every yes/no item but two of the physical ones, with bothersomeness "very much".
    high_risk: dict[str, Any] = {
        code: True
        for code in STARTBACK_YES_NO
        if code not in {"sb_shoulder_neck_pain", "sb_dress_slowly"}
    }
    programme = programme_for(sb_bothersomeness="very_much", **high_risk)
    assert programme.mode == Programme.Mode.GRADED_ACTIVITY
    assert programme.status == Programme.Status.AWAITING_APPROVAL


def test_pregnancy_excludes_every_pregnancy_contraindicated_exercise() -> None:
    programme = programme_for(pregnant=True)
    for item in programme.items.select_related("exercise"):
        assert "pregnancy" not in item.exercise.contraindications


def test_extension_preference_avoids_flexion_work_early() -> None:
    programme = programme_for(worse_with=["sitting", "bending_forward"], better_with=["walking"])
    early = programme.items.filter(from_week__lte=2).select_related("exercise")
    assert all(item.exercise.direction != "flexion" for item in early)


def test_high_pain_starts_on_the_bottom_rung() -> None:
    programme = programme_for(pain_now=8)
    assert programme.gentle_start
    assert set(programme.items.values_list("rung", flat=True)) == {0}


def test_moderate_pain_starts_one_rung_up() -> None:
    programme = programme_for(pain_now=3)
    assert not programme.gentle_start
    assert set(programme.items.values_list("rung", flat=True)) == {1}


def test_approval_starts_the_plan_and_keeps_the_note() -> None:
    from tests.factories import clinician

    programme = programme_for(pregnant=True)
    doctor = clinician(programme.clinic)
    review.approve_programme(programme.pk, by=doctor, note="Go gently at first.", address=None)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE
    assert (programme.approved_by, programme.clinician_note) == (doctor, "Go gently at first.")


def test_clinician_can_change_the_dose_step() -> None:
    programme = programme_for()
    item = programme.items.first()
    assert item is not None
    doctor = clinician(programme.clinic)
    review.change_item(programme.pk, item.pk, by=doctor, rung=0, address=None)
    item.refresh_from_db()
    assert item.rung == 0


def test_dose_step_outside_the_ladder_is_refused() -> None:
    programme = programme_for()
    item = programme.items.first()
    assert item is not None
    doctor = clinician(programme.clinic)
    with pytest.raises(Refused, match="Choose a step from 1 to"):
        review.change_item(programme.pk, item.pk, by=doctor, rung=99, address=None)


def test_clinician_can_swap_an_exercise() -> None:
    programme = programme_for()
    item = programme.items.select_related("exercise").first()
    assert item is not None
    assert item.exercise is not None
    other = (
        Exercise.objects.filter(category=item.exercise.category)
        .exclude(pk=item.exercise_id)
        .first()
    )
    assert other is not None
    doctor = clinician(programme.clinic)
    review.change_item(programme.pk, item.pk, by=doctor, exercise=other.slug, address=None)
    item.refresh_from_db()
    assert item.exercise == other


def test_only_a_clinician_of_the_patients_clinic_can_approve() -> None:
    programme = programme_for(pregnant=True)
    outsider = clinician(ClinicFactory.create())
    with pytest.raises(NotFound):  # out of reach looks like missing: a 404 at both edges
        review.approve_programme(programme.pk, by=outsider, note="", address=None)


def test_a_swap_must_be_an_exercise_of_the_same_kind() -> None:
    programme = programme_for()
    item = programme.items.select_related("exercise").first()
    assert item is not None
    assert item.exercise is not None
    other_kind = Exercise.objects.exclude(category=item.exercise.category).first()
    assert other_kind is not None
    doctor = clinician(programme.clinic)
    with pytest.raises(Refused, match="same kind"):
        review.change_item(programme.pk, item.pk, by=doctor, exercise=other_kind.slug, address=None)
