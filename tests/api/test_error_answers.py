"""Every error the API gives, pinned to the exact status and body it had before the error
family (one handler for all of them) replaced the per-router translations.

One rule now holds for every body: `errors` is there when fields are named (a 422); any
other error is its message alone. So two bodies lost an empty `errors` list beside the
same status and message: the assessment's 429 and the queue's 409.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from spinewise.assessments.models import Assessment
from tests.api.calls import call
from tests.assessments.answers import self_care
from tests.consultations.helpers import valid
from tests.factories import ClinicFactory, clinician, patient, staff
from tests.programmes.helpers import assessed_patient, programme_for

pytestmark = pytest.mark.django_db


def send(client: Client, method: str, url: str, body: Any = None) -> tuple[int, Any]:
    response = call(client, method, url, body)
    return response.status_code, response.json()


def test_signed_out_is_401_in_plain_words(client: Client) -> None:
    assert send(client, "get", "/api/v1/programmes/mine") == (
        401,
        {"message": "Please sign in first."},
    )


def test_a_plan_out_of_reach_is_a_plain_404(client: Client) -> None:
    programme = programme_for()
    client.force_login(patient(programme.clinic))
    assert send(client, "get", f"/api/v1/programmes/{programme.pk}") == (
        404,
        {"message": "Not found."},
    )


def test_no_plan_yet_is_404_saying_so(client: Client) -> None:
    client.force_login(patient())
    assert send(client, "get", "/api/v1/programmes/mine") == (
        404,
        {"message": "You do not have a plan yet."},
    )


def test_acknowledging_without_a_check_is_404_saying_take_the_check(client: Client) -> None:
    client.force_login(patient())
    assert send(client, "post", "/api/v1/programmes/safety-acknowledgement") == (
        404,
        {"message": "Take the free back-pain check first."},
    )


def test_a_plan_without_an_assessment_is_404_saying_take_the_check(client: Client) -> None:
    client.force_login(patient())
    assert send(client, "post", "/api/v1/programmes") == (
        404,
        {"message": "No assessment found. Take the free back-pain check first."},
    )


def test_a_plan_before_the_safety_advice_is_409(client: Client) -> None:
    person, _ = assessed_patient()
    client.force_login(person)
    assert send(client, "post", "/api/v1/programmes") == (
        409,
        {"message": "Please read and accept the safety advice before your plan starts."},
    )


def test_approving_an_active_plan_is_409(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    assert send(client, "post", f"/api/v1/programmes/{programme.pk}/approve") == (
        409,
        {"message": "This plan is not waiting for approval."},
    )


def test_resuming_an_active_plan_is_409(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    assert send(client, "post", f"/api/v1/programmes/{programme.pk}/resume") == (
        409,
        {"message": "This plan is not paused, so there is nothing to resume."},
    )


def test_a_step_off_the_ladder_is_409(client: Client) -> None:
    programme = programme_for()
    item = programme.items.first()
    assert item is not None
    client.force_login(clinician(programme.clinic))
    url = f"/api/v1/programmes/{programme.pk}/items/{item.pk}"
    status, body = send(client, "patch", url, {"step": 99})
    assert status == 409
    assert body["message"].startswith("Choose a step from 1 to ")
    assert set(body) == {"message"}


def test_an_unknown_exercise_is_409_naming_it(client: Client) -> None:
    programme = programme_for()
    item = programme.items.first()
    assert item is not None
    client.force_login(clinician(programme.clinic))
    url = f"/api/v1/programmes/{programme.pk}/items/{item.pk}"
    assert send(client, "patch", url, {"exercise": "no-such"}) == (
        409,
        {"message": "There is no exercise called 'no-such'."},
    )


def test_an_unknown_item_is_a_plain_404(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    url = f"/api/v1/programmes/{programme.pk}/items/999999"
    assert send(client, "patch", url, {"step": 1}) == (404, {"message": "Not found."})


def test_an_unknown_clinic_is_422_naming_the_field(client: Client) -> None:
    assert send(client, "post", "/api/v1/assessments", {"answers": {}, "clinic": "nope"}) == (
        422,
        {
            "message": "Some details need checking.",
            "errors": [{"field": "clinic", "message": "No clinic has this short name."}],
        },
    )


def test_bad_answers_are_422_naming_each_field(client: Client) -> None:
    answers = self_care()
    answers["age"] = 12
    status, body = send(client, "post", "/api/v1/assessments", {"answers": answers})
    assert status == 422
    assert body["message"] == "Some answers need checking."
    assert [e["field"] for e in body["errors"]] == ["age"]


def test_too_many_assessments_is_429_with_a_message_only(
    client: Client, settings: Settings
) -> None:
    settings.ASSESSMENTS_PER_HOUR = 1
    send(client, "post", "/api/v1/assessments", {"answers": self_care()})
    status, body = send(client, "post", "/api/v1/assessments", {"answers": self_care()})
    assert status == 429
    assert set(body) == {"message"}
    assert body["message"].startswith("You have sent a lot of assessments")
    assert Assessment.objects.count() == 1


def test_too_many_call_requests_is_429_with_a_message_only(
    client: Client, settings: Settings
) -> None:
    settings.CONSULTATIONS_PER_HOUR = 1
    send(client, "post", "/api/v1/consultations", valid())
    status, body = send(client, "post", "/api/v1/consultations", valid())
    assert status == 429
    assert set(body) == {"message"}
    assert body["message"].startswith("You have asked for a lot of calls")


def test_a_bad_call_request_is_422_naming_each_field(client: Client) -> None:
    status, body = send(client, "post", "/api/v1/consultations", valid(name="", phone="x"))
    assert status == 422
    assert body["message"] == "Some details need checking."
    assert [e["field"] for e in body["errors"]] == ["name", "phone"]


def test_the_queue_is_403_for_a_patient(client: Client) -> None:
    client.force_login(patient())
    assert send(client, "get", "/api/v1/consultations/queue") == (
        403,
        {"message": "The call-back queue is for the clinic team."},
    )


def _queued(client: Client) -> str:
    clinic = ClinicFactory.create()
    status, body = send(client, "post", "/api/v1/consultations", valid())
    assert status == 201
    from spinewise.consultations.models import ConsultationRequest

    ConsultationRequest.objects.filter(public_id=body["id"]).update(clinic=clinic)
    client.force_login(staff(clinic))
    return str(body["id"])


def test_a_closed_request_is_409_with_a_message_only(client: Client) -> None:
    public_id = _queued(client)
    base = f"/api/v1/consultations/queue/{public_id}"
    assert send(client, "post", f"{base}/complete")[0] == 200
    assert send(client, "post", f"{base}/complete") == (
        409,
        {
            "message": "This request is already completed. Add a note if something else happened.",
        },
    )


def test_an_empty_queue_note_is_422_naming_the_note(client: Client) -> None:
    public_id = _queued(client)
    assert send(client, "post", f"/api/v1/consultations/queue/{public_id}/notes", {"note": ""}) == (
        422,
        {
            "message": "Please write the note.",
            "errors": [{"field": "note", "message": "Please write the note."}],
        },
    )


def test_a_request_out_of_reach_is_a_plain_404(client: Client) -> None:
    public_id = _queued(client)
    client.force_login(staff(ClinicFactory.create()))
    assert send(client, "get", f"/api/v1/consultations/queue/{public_id}") == (
        404,
        {"message": "Not found."},
    )
