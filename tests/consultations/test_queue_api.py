"""The staff queue through the API: the clinic team only, their own clinic only."""

import json
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from spinewise.accounts.models import Clinic
from spinewise.audit.models import AuditEntry
from spinewise.consultations.models import ConsultationRequest
from tests.consultations.helpers import make_request
from tests.factories import ClinicFactory, clinician, patient, staff
from tests.responses import Response

pytestmark = pytest.mark.django_db
QUEUE = "/api/v1/consultations/queue"


@pytest.fixture
def clinic() -> Clinic:
    return ClinicFactory.create()


@pytest.fixture
def desk(client: Client, clinic: Clinic) -> Client:
    client.force_login(staff(clinic))
    return client


def act(
    client: Client, consultation: ConsultationRequest, action: str, body: dict[str, Any]
) -> Response:
    return client.post(
        f"{QUEUE}/{consultation.public_id}/{action}",
        json.dumps(body),
        content_type="application/json",
    )


def test_anonymous_visitors_must_sign_in(client: Client) -> None:
    response = client.get(QUEUE)
    assert response.status_code == 401
    assert response.json() == {"message": "Please sign in first."}


def test_a_patient_is_told_the_queue_is_for_the_clinic_team(client: Client, clinic: Clinic) -> None:
    client.force_login(patient(clinic))
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert "clinic team" in response.json()["message"]


def test_staff_see_only_their_own_clinics_requests(desk: Client, clinic: Clinic) -> None:
    mine = make_request(clinic)
    make_request(ClinicFactory.create())
    body = desk.get(QUEUE).json()
    assert [item["id"] for item in body["items"]] == [mine.public_id]
    assert body["count"] == 1


def test_staff_of_another_clinic_get_404_for_a_request(client: Client, clinic: Clinic) -> None:
    consultation = make_request(clinic)
    client.force_login(staff(ClinicFactory.create()))
    response = client.get(f"{QUEUE}/{consultation.public_id}")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_a_patient_gets_404_for_a_request_even_their_own_clinics(
    client: Client, clinic: Clinic
) -> None:
    consultation = make_request(clinic)
    client.force_login(patient(clinic))
    assert client.get(f"{QUEUE}/{consultation.public_id}").status_code == 404


def test_staff_of_another_clinic_cannot_act_on_a_request(client: Client, clinic: Clinic) -> None:
    consultation = make_request(clinic)
    client.force_login(staff(ClinicFactory.create()))
    response = act(client, consultation, "attempts", {"outcome": "no_answer"})
    assert response.status_code == 404
    consultation.refresh_from_db()
    assert consultation.attempts == 0


def test_the_queue_shows_triage_but_no_assessment_answers(desk: Client, clinic: Clinic) -> None:
    make_request(clinic)
    item = desk.get(QUEUE).json()["items"][0]
    assert "triage" in item
    assert "answers" not in item and "result" not in item


def test_urgent_requests_come_first(desk: Client, clinic: Clinic) -> None:
    routine = make_request(clinic)
    urgent = make_request(clinic)
    ConsultationRequest.objects.filter(pk=urgent.pk).update(urgency="urgent")
    ids = [item["id"] for item in desk.get(QUEUE).json()["items"]]
    assert ids == [urgent.public_id, routine.public_id]


def test_the_queue_can_be_filtered_to_overdue_requests(desk: Client, clinic: Clinic) -> None:
    late = make_request(clinic)
    make_request(clinic)
    ConsultationRequest.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    items = desk.get(QUEUE, {"overdue": "true"}).json()["items"]
    assert [(item["id"], item["overdue"]) for item in items] == [(late.public_id, True)]


def test_unknown_filter_values_fall_back_to_open_requests(desk: Client, clinic: Clinic) -> None:
    make_request(clinic)
    assert desk.get(QUEUE, {"status": "bogus", "urgency": "x"}).json()["count"] == 1


def test_looking_at_a_request_is_audited(desk: Client, clinic: Clinic) -> None:
    consultation = make_request(clinic)
    desk.get(f"{QUEUE}/{consultation.public_id}")
    entry = AuditEntry.objects.filter(object_type="ConsultationRequest").latest("pk")
    assert (entry.action, entry.object_id) == ("view", str(consultation.pk))


def test_a_call_attempt_is_counted_and_noted(desk: Client, clinic: Clinic) -> None:
    consultation = make_request(clinic)
    response = act(desk, consultation, "attempts", {"outcome": "no_answer", "note": "Rang 10:00"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["attempts"]) == ("attempted", 1)
    assert body["history"][-1]["note"] == "Rang 10:00"


def test_an_unknown_call_outcome_is_a_422_naming_the_field(desk: Client, clinic: Clinic) -> None:
    response = act(desk, make_request(clinic), "attempts", {"outcome": "shouted"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "outcome"


def test_booking_a_call_in_the_past_is_refused_plainly(desk: Client, clinic: Clinic) -> None:
    when = (timezone.now() - timedelta(hours=1)).isoformat()
    response = act(desk, make_request(clinic), "schedule", {"scheduled_for": when})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "scheduled_for", "message": "Please choose a time that has not passed yet."}
    ]


def test_a_booked_time_without_a_zone_is_read_in_the_clinics_time_zone(client: Client) -> None:
    clinic = ClinicFactory.create(time_zone="America/New_York")
    client.force_login(staff(clinic))
    when = (timezone.now() + timedelta(days=2)).replace(tzinfo=None, microsecond=0)
    body = act(client, make_request(clinic), "schedule", {"scheduled_for": when.isoformat()})
    scheduled = ConsultationRequest.objects.get(public_id=body.json()["id"]).scheduled_for
    assert timezone.localtime(scheduled, ZoneInfo("America/New_York")).hour == when.hour


def test_completing_a_request_finishes_it(desk: Client, clinic: Clinic) -> None:
    body = act(desk, make_request(clinic), "complete", {"note": "Booked a visit."}).json()
    assert body["status"] == "completed"


def test_acting_on_a_finished_request_is_a_409(desk: Client, clinic: Clinic) -> None:
    consultation = make_request(clinic)
    act(desk, consultation, "complete", {})
    response = act(desk, consultation, "attempts", {"outcome": "reached"})
    assert response.status_code == 409
    assert "already completed" in response.json()["message"]


def test_closing_needs_a_known_reason(desk: Client, clinic: Clinic) -> None:
    response = act(desk, make_request(clinic), "close", {"reason": "bored"})
    assert response.status_code == 422


def test_a_request_can_be_given_to_a_team_member(desk: Client, clinic: Clinic) -> None:
    colleague = clinician(clinic)
    body = act(desk, make_request(clinic), "assign", {"assigned_to": colleague.pk}).json()
    assert body["assigned_to"] == colleague.pk


def test_a_request_cannot_be_given_to_someone_outside_the_clinic(
    desk: Client, clinic: Clinic
) -> None:
    outsider = staff(ClinicFactory.create())
    response = act(desk, make_request(clinic), "assign", {"assigned_to": outsider.pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "assigned_to"


def test_an_empty_note_is_refused(desk: Client, clinic: Clinic) -> None:
    response = act(desk, make_request(clinic), "notes", {"note": "  "})
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Please write the note."
