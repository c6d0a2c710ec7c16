"""The staff queue through the API: the clinic team only, their own clinic only."""

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from spinewise.audit.models import AuditEntry
from spinewise.consultations.models import ConsultationRequest
from tests.consultations.helpers import make_request
from tests.factories import ClinicFactory, clinician, patient, staff

pytestmark = pytest.mark.django_db
QUEUE = "/api/v1/consultations/queue"


@pytest.fixture
def clinic():
    return ClinicFactory()


@pytest.fixture
def desk(client, clinic):
    client.force_login(staff(clinic))
    return client


def act(client, consultation, action, body):
    return client.post(
        f"{QUEUE}/{consultation.public_id}/{action}",
        json.dumps(body),
        content_type="application/json",
    )


def test_anonymous_visitors_must_sign_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 401
    assert response.json() == {"message": "Please sign in first."}


def test_a_patient_is_told_the_queue_is_for_the_clinic_team(client, clinic):
    client.force_login(patient(clinic))
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert "clinic team" in response.json()["message"]


def test_staff_see_only_their_own_clinics_requests(desk, clinic):
    mine = make_request(clinic)
    make_request(ClinicFactory())
    body = desk.get(QUEUE).json()
    assert [item["id"] for item in body["items"]] == [mine.public_id]
    assert body["count"] == 1


def test_staff_of_another_clinic_get_404_for_a_request(client, clinic):
    consultation = make_request(clinic)
    client.force_login(staff(ClinicFactory()))
    response = client.get(f"{QUEUE}/{consultation.public_id}")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_a_patient_gets_404_for_a_request_even_their_own_clinics(client, clinic):
    consultation = make_request(clinic)
    client.force_login(patient(clinic))
    assert client.get(f"{QUEUE}/{consultation.public_id}").status_code == 404


def test_staff_of_another_clinic_cannot_act_on_a_request(client, clinic):
    consultation = make_request(clinic)
    client.force_login(staff(ClinicFactory()))
    response = act(client, consultation, "attempts", {"outcome": "no_answer"})
    assert response.status_code == 404
    consultation.refresh_from_db()
    assert consultation.attempts == 0


def test_the_queue_shows_triage_but_no_assessment_answers(desk, clinic):
    make_request(clinic)
    item = desk.get(QUEUE).json()["items"][0]
    assert "triage" in item
    assert "answers" not in item and "result" not in item


def test_urgent_requests_come_first(desk, clinic):
    routine = make_request(clinic)
    urgent = make_request(clinic)
    ConsultationRequest.objects.filter(pk=urgent.pk).update(urgency="urgent")
    ids = [item["id"] for item in desk.get(QUEUE).json()["items"]]
    assert ids == [urgent.public_id, routine.public_id]


def test_the_queue_can_be_filtered_to_overdue_requests(desk, clinic):
    late = make_request(clinic)
    make_request(clinic)
    ConsultationRequest.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    items = desk.get(QUEUE, {"overdue": "true"}).json()["items"]
    assert [(item["id"], item["overdue"]) for item in items] == [(late.public_id, True)]


def test_unknown_filter_values_fall_back_to_open_requests(desk, clinic):
    make_request(clinic)
    assert desk.get(QUEUE, {"status": "bogus", "urgency": "x"}).json()["count"] == 1


def test_looking_at_a_request_is_audited(desk, clinic):
    consultation = make_request(clinic)
    desk.get(f"{QUEUE}/{consultation.public_id}")
    entry = AuditEntry.objects.filter(object_type="ConsultationRequest").latest("pk")
    assert (entry.action, entry.object_id) == ("view", str(consultation.pk))


def test_a_call_attempt_is_counted_and_noted(desk, clinic):
    consultation = make_request(clinic)
    response = act(desk, consultation, "attempts", {"outcome": "no_answer", "note": "Rang 10:00"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["attempts"]) == ("attempted", 1)
    assert body["history"][-1]["note"] == "Rang 10:00"


def test_an_unknown_call_outcome_is_a_422_naming_the_field(desk, clinic):
    response = act(desk, make_request(clinic), "attempts", {"outcome": "shouted"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "outcome"


def test_booking_a_call_in_the_past_is_refused_plainly(desk, clinic):
    when = (timezone.now() - timedelta(hours=1)).isoformat()
    response = act(desk, make_request(clinic), "schedule", {"scheduled_for": when})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "scheduled_for", "message": "Please choose a time that has not passed yet."}
    ]


def test_a_booked_time_without_a_zone_is_read_in_the_clinics_time_zone(client):
    clinic = ClinicFactory(time_zone="America/New_York")
    client.force_login(staff(clinic))
    when = (timezone.now() + timedelta(days=2)).replace(tzinfo=None, microsecond=0)
    body = act(client, make_request(clinic), "schedule", {"scheduled_for": when.isoformat()})
    scheduled = ConsultationRequest.objects.get(public_id=body.json()["id"]).scheduled_for
    assert timezone.localtime(scheduled, ZoneInfo("America/New_York")).hour == when.hour


def test_completing_a_request_finishes_it(desk, clinic):
    body = act(desk, make_request(clinic), "complete", {"note": "Booked a visit."}).json()
    assert body["status"] == "completed"


def test_acting_on_a_finished_request_is_a_409(desk, clinic):
    consultation = make_request(clinic)
    act(desk, consultation, "complete", {})
    response = act(desk, consultation, "attempts", {"outcome": "reached"})
    assert response.status_code == 409
    assert "already completed" in response.json()["message"]


def test_closing_needs_a_known_reason(desk, clinic):
    response = act(desk, make_request(clinic), "close", {"reason": "bored"})
    assert response.status_code == 422


def test_a_request_can_be_given_to_a_team_member(desk, clinic):
    colleague = clinician(clinic)
    body = act(desk, make_request(clinic), "assign", {"assigned_to": colleague.pk}).json()
    assert body["assigned_to"] == colleague.pk


def test_a_request_cannot_be_given_to_someone_outside_the_clinic(desk, clinic):
    outsider = staff(ClinicFactory())
    response = act(desk, make_request(clinic), "assign", {"assigned_to": outsider.pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "assigned_to"


def test_an_empty_note_is_refused(desk, clinic):
    response = act(desk, make_request(clinic), "notes", {"note": "  "})
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Please write the note."
