import json

import pytest

from spinewise.programmes import services
from tests.factories import ClinicFactory, clinician, patient
from tests.programmes.helpers import assessed_patient, programme_for

pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_api_refuses_a_plan_from_a_blocked_assessment_with_a_clear_message(client):
    person, assessment = assessed_patient(rf_unexplained_weight_loss=True)
    services.acknowledge_safety(person, assessment.clinic)
    client.force_login(person)
    response = post(client, "/api/v1/programmes")
    assert response.status_code == 409
    assert "doctor needs to see first" in response.json()["message"]


def test_api_creates_a_plan_after_the_acknowledgement(client):
    person, _ = assessed_patient()
    client.force_login(person)
    assert post(client, "/api/v1/programmes/safety-acknowledgement").status_code == 201
    response = post(client, "/api/v1/programmes")
    assert response.status_code == 201
    assert response.json()["status"] == "active"


def test_api_today_lists_exercises_with_doses(client):
    programme = programme_for()
    client.force_login(programme.patient)
    body = client.get("/api/v1/programmes/mine/today").json()
    assert body["week"] == 1
    assert body["walk"]["daily_walk"] is True
    assert all(item["dose"] for item in body["exercises"])


def test_api_needs_sign_in(client):
    assert client.get("/api/v1/programmes/mine").status_code == 401


def test_api_another_patient_gets_404(client):
    programme = programme_for()
    client.force_login(patient(programme.clinic))
    assert client.get(f"/api/v1/programmes/{programme.pk}").status_code == 404


def test_api_another_clinic_gets_404(client):
    programme = programme_for()
    client.force_login(clinician(ClinicFactory()))
    assert client.get(f"/api/v1/programmes/{programme.pk}").status_code == 404


def test_api_clinician_approves(client):
    programme = programme_for(pregnant=True)
    client.force_login(clinician(programme.clinic))
    response = post(client, f"/api/v1/programmes/{programme.pk}/approve", {"note": "Fine."})
    assert response.status_code == 200
    assert response.json()["status"] == "active"


def test_api_patient_cannot_approve_their_own_plan(client):
    programme = programme_for(pregnant=True)
    client.force_login(programme.patient)
    assert post(client, f"/api/v1/programmes/{programme.pk}/approve").status_code == 404
