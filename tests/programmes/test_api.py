import json
from typing import Any

import pytest
from django.test import Client

from spinewise.accounts.models import Membership
from spinewise.audit.models import AuditEntry
from spinewise.exercises.models import Exercise
from spinewise.programmes import review, services
from spinewise.programmes.models import Programme, ProgrammeExercise
from tests.factories import ClinicFactory, clinician, patient, staff
from tests.programmes.helpers import assessed_patient, programme_for
from tests.responses import Response

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Response:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_api_refuses_a_plan_from_a_blocked_assessment_with_a_clear_message(client: Client) -> None:
    person, _ = assessed_patient(rf_unexplained_weight_loss=True)
    services.accept_safety_advice(by=person, address=None)
    client.force_login(person)
    response = post(client, "/api/v1/programmes")
    assert response.status_code == 409
    assert "doctor needs to see first" in response.json()["message"]


def test_api_creates_a_plan_after_the_acknowledgement(client: Client) -> None:
    person, _ = assessed_patient()
    client.force_login(person)
    assert post(client, "/api/v1/programmes/safety-acknowledgement").status_code == 201
    response = post(client, "/api/v1/programmes")
    assert response.status_code == 201
    assert response.json()["status"] == "active"


def test_api_today_lists_exercises_with_doses(client: Client) -> None:
    programme = programme_for()
    client.force_login(programme.patient)
    body = client.get("/api/v1/programmes/mine/today").json()
    assert body["week"] == 1
    assert body["walk"]["daily_walk"] is True
    assert all(item["dose"] for item in body["exercises"])


def test_api_needs_sign_in(client: Client) -> None:
    assert client.get("/api/v1/programmes/mine").status_code == 401


def test_api_another_patient_gets_404(client: Client) -> None:
    programme = programme_for()
    client.force_login(patient(programme.clinic))
    assert client.get(f"/api/v1/programmes/{programme.pk}").status_code == 404


def test_api_another_clinic_gets_404(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(ClinicFactory.create()))
    assert client.get(f"/api/v1/programmes/{programme.pk}").status_code == 404


def test_api_clinician_approves(client: Client) -> None:
    programme = programme_for(pregnant=True)
    client.force_login(clinician(programme.clinic))
    response = post(client, f"/api/v1/programmes/{programme.pk}/approve", {"note": "Fine."})
    assert response.status_code == 200
    assert response.json()["status"] == "active"


def test_api_patient_cannot_approve_their_own_plan(client: Client) -> None:
    programme = programme_for(pregnant=True)
    client.force_login(programme.patient)
    assert post(client, f"/api/v1/programmes/{programme.pk}/approve").status_code == 404


def patch(client: Client, url: str, body: dict[str, Any]) -> Response:
    return client.patch(url, json.dumps(body), content_type="application/json")


def _first_exercise(programme: Programme) -> ProgrammeExercise:
    item = programme.items.select_related("exercise").filter(is_walking_goal=False).first()
    assert item is not None
    return item


def test_api_clinician_swaps_an_exercise_for_one_of_the_same_kind(client: Client) -> None:
    programme = programme_for(pregnant=True)
    item = _first_exercise(programme)
    other = review.swap_options(item).exclude(pk=item.exercise_id).first()
    assert other is not None
    client.force_login(clinician(programme.clinic))
    url = f"/api/v1/programmes/{programme.pk}/items/{item.pk}"
    response = patch(client, url, {"exercise": other.slug})
    assert response.status_code == 200
    assert response.json()["exercise"] == other.slug
    assert response.json()["reason"] == "Chosen by your clinician."


def test_api_clinician_changes_the_dose_step(client: Client) -> None:
    programme = programme_for(pregnant=True)
    item = _first_exercise(programme)
    client.force_login(clinician(programme.clinic))
    response = patch(client, f"/api/v1/programmes/{programme.pk}/items/{item.pk}", {"step": 2})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.rung == 1


def test_api_swap_to_another_kind_of_exercise_is_refused_plainly(client: Client) -> None:
    programme = programme_for(pregnant=True)
    item = _first_exercise(programme)
    client.force_login(clinician(programme.clinic))
    assert item.exercise is not None
    other_kind = Exercise.objects.exclude(category=item.exercise.category).first()
    assert other_kind is not None
    url = f"/api/v1/programmes/{programme.pk}/items/{item.pk}"
    response = patch(client, url, {"exercise": other_kind.slug})
    assert response.status_code == 409
    assert response.json()["message"] == "Choose an active exercise of the same kind."


def test_api_dose_step_beyond_the_ladder_is_refused_plainly(client: Client) -> None:
    programme = programme_for(pregnant=True)
    item = _first_exercise(programme)
    client.force_login(clinician(programme.clinic))
    url = f"/api/v1/programmes/{programme.pk}/items/{item.pk}"
    response = patch(client, url, {"step": 99})
    assert response.status_code == 409
    assert response.json()["message"].startswith("Choose a step from 1 to")


def test_api_dose_step_below_one_is_a_422_naming_the_field(client: Client) -> None:
    programme = programme_for(pregnant=True)
    item = _first_exercise(programme)
    client.force_login(clinician(programme.clinic))
    response = patch(client, f"/api/v1/programmes/{programme.pk}/items/{item.pk}", {"step": 0})
    assert response.status_code == 422
    assert "step" in json.dumps(response.json())


def test_api_patient_cannot_change_their_own_plan(client: Client) -> None:
    programme = programme_for(pregnant=True)
    item = _first_exercise(programme)
    client.force_login(programme.patient)
    url = f"/api/v1/programmes/{programme.pk}/items/{item.pk}"
    assert patch(client, url, {"step": 1}).status_code == 404


def test_api_clinician_of_another_clinic_cannot_change_a_plan(client: Client) -> None:
    programme = programme_for(pregnant=True)
    item = _first_exercise(programme)
    client.force_login(clinician(ClinicFactory.create()))
    url = f"/api/v1/programmes/{programme.pk}/items/{item.pk}"
    assert patch(client, url, {"step": 1}).status_code == 404


def test_api_front_desk_staff_cannot_approve(client: Client) -> None:
    programme = programme_for(pregnant=True)
    client.force_login(staff(programme.clinic))
    assert post(client, f"/api/v1/programmes/{programme.pk}/approve").status_code == 404


def test_api_clinician_cannot_approve_their_own_plan(client: Client) -> None:
    programme = programme_for(pregnant=True)
    Membership.objects.create(user=programme.patient, clinic=programme.clinic, role="clinician")
    client.force_login(programme.patient)
    assert post(client, f"/api/v1/programmes/{programme.pk}/approve").status_code == 404


def test_api_overlong_approval_note_is_a_422_not_cut_short(client: Client) -> None:
    programme = programme_for(pregnant=True)
    client.force_login(clinician(programme.clinic))
    url = f"/api/v1/programmes/{programme.pk}/approve"
    assert post(client, url, {"note": "x" * 2001}).status_code == 422
    programme.refresh_from_db()
    assert programme.status == Programme.Status.AWAITING_APPROVAL


def test_api_acknowledgement_and_new_plan_are_audited(client: Client) -> None:
    person, _ = assessed_patient()
    client.force_login(person)
    post(client, "/api/v1/programmes/safety-acknowledgement")
    post(client, "/api/v1/programmes")
    kinds = set(
        AuditEntry.objects.filter(patient=person, action="create").values_list(
            "object_type", flat=True
        )
    )
    assert kinds == {"SafetyAcknowledgement", "Programme"}
