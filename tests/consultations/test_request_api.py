"""POST /api/v1/consultations, exactly as docs/api.md says."""

import json
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings
from time_machine import TimeMachineFixture

from spinewise.accounts.clinics import site_clinic
from spinewise.assessments import services as assessment_services
from spinewise.consultations.models import ConsultationRequest
from tests.assessments.answers import self_care
from tests.consultations.helpers import valid
from tests.factories import ClinicFactory
from tests.responses import Response

pytestmark = pytest.mark.django_db
URL = "/api/v1/consultations"


def post(client: Client, body: dict[str, Any], address: str = "203.0.113.7") -> Response:
    return client.post(URL, json.dumps(body), content_type="application/json", REMOTE_ADDR=address)


def fields(response: Response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def test_a_valid_request_returns_201_with_an_id_and_status_new(client: Client) -> None:
    response = post(client, valid())
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "new"
    assert ConsultationRequest.objects.get(public_id=body["id"]).status == "new"


def test_the_phone_number_is_stored_in_international_form(client: Client) -> None:
    body = post(client, valid(phone="020 7946 0999")).json()
    assert ConsultationRequest.objects.get(public_id=body["id"]).phone == "+442079460999"


def test_the_same_number_within_24_hours_returns_200_and_the_same_id(client: Client) -> None:
    first = post(client, valid(phone="020 7946 0500")).json()
    again = post(client, valid(phone="+44 20 7946 0500", name="Ann E."))
    assert again.status_code == 200
    assert again.json() == {"id": first["id"], "status": "new"}
    assert ConsultationRequest.objects.count() == 1


def test_the_same_number_after_24_hours_makes_a_new_request(
    client: Client, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to("2026-11-24 10:00Z")
    post(client, valid(phone="020 7946 0501"))
    time_machine.move_to("2026-11-25 10:01Z")
    assert post(client, valid(phone="020 7946 0501")).status_code == 201
    assert ConsultationRequest.objects.count() == 2


def test_every_invalid_field_is_named_at_once(client: Client) -> None:
    response = post(
        client,
        {
            "name": "",
            "phone": "12",
            "preferred_time": "midnight",
            "reason": "x" * 1001,
            "consent_to_contact": False,
        },
    )
    assert response.status_code == 422
    assert fields(response) == {"name", "phone", "preferred_time", "reason", "consent_to_contact"}
    assert ConsultationRequest.objects.count() == 0


def test_a_bad_phone_number_gets_a_plain_message_with_an_example(client: Client) -> None:
    response = post(client, valid(phone="call me"))
    [error] = response.json()["errors"]
    assert error["field"] == "phone"
    assert "like 07" in error["message"]


def test_consent_must_be_exactly_true(client: Client) -> None:
    response = post(client, valid(consent_to_contact="yes"))
    assert response.status_code == 422
    assert fields(response) == {"consent_to_contact"}


def test_a_name_over_100_characters_is_refused(client: Client) -> None:
    response = post(client, valid(name="A" * 101))
    assert fields(response) == {"name"}


def test_wrong_types_are_named_not_a_server_error(client: Client) -> None:
    response = post(client, valid(name=42, phone=["020"], reason={"a": 1}))
    assert response.status_code == 422
    assert fields(response) == {"name", "phone", "reason"}


def test_missing_fields_are_each_named(client: Client) -> None:
    response = post(client, {})
    assert response.status_code == 422
    assert fields(response) == {"name", "phone", "preferred_time", "consent_to_contact"}


def test_malformed_json_is_a_400_with_a_plain_message(client: Client) -> None:
    response = client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "body",
            "message": "This is not valid JSON. Check the brackets, quotes and commas.",
        }
    ]
    assert ConsultationRequest.objects.count() == 0


def test_an_unknown_assessment_id_is_named(client: Client) -> None:
    response = post(client, valid(assessment_id="no-such-id"))
    assert fields(response) == {"assessment_id"}


def test_an_urgent_assessment_makes_the_request_urgent_and_shares_the_result(
    client: Client,
) -> None:
    clinic = ClinicFactory.create(slug="main-test")
    assessment = assessment_services.create_assessment(
        self_care(rf_fever=True), clinic, address="x"
    )
    body = post(client, valid(assessment_id=assessment.public_id)).json()
    stored = ConsultationRequest.objects.get(public_id=body["id"])
    assert (stored.urgency, stored.triage, stored.clinic) == ("urgent", "urgent", clinic)
    assessment.refresh_from_db()
    assert assessment.shared_with_clinic


def test_a_self_care_assessment_keeps_the_request_routine(client: Client) -> None:
    clinic = ClinicFactory.create()
    assessment = assessment_services.create_assessment(self_care(), clinic, address="x")
    body = post(client, valid(assessment_id=assessment.public_id)).json()
    assert ConsultationRequest.objects.get(public_id=body["id"]).urgency == "routine"


def test_a_repeat_that_brings_an_urgent_assessment_raises_the_first_request(client: Client) -> None:
    clinic = site_clinic()
    first = post(client, valid(phone="020 7946 0502")).json()
    assessment = assessment_services.create_assessment(
        self_care(rf_cancer_history=True), clinic, address="x"
    )
    post(client, valid(phone="020 7946 0502", assessment_id=assessment.public_id))
    stored = ConsultationRequest.objects.get(public_id=first["id"])
    assert (stored.urgency, stored.assessment) == ("urgent", assessment)


def test_the_sixth_new_request_from_one_address_within_an_hour_is_429(client: Client) -> None:
    for _ in range(5):
        assert post(client, valid()).status_code == 201
    response = post(client, valid())
    assert response.status_code == 429
    assert "try again" in response.json()["message"]
    assert ConsultationRequest.objects.count() == 5


def test_invalid_and_repeated_requests_do_not_count_toward_the_limit(client: Client) -> None:
    for _ in range(3):
        post(client, valid(phone="nope"))
    repeated = valid(phone="020 7946 0503")
    for _ in range(3):
        post(client, repeated)
    for _ in range(4):
        assert post(client, valid()).status_code == 201
    assert ConsultationRequest.objects.count() == 5


def test_another_address_has_its_own_limit(client: Client) -> None:
    for _ in range(5):
        post(client, valid(), address="203.0.113.8")
    assert post(client, valid(), address="203.0.113.9").status_code == 201


def test_the_limit_is_a_setting(client: Client, settings: Settings) -> None:
    settings.CONSULTATIONS_PER_HOUR = 1
    post(client, valid())
    assert post(client, valid()).status_code == 429


def test_the_clinic_inbox_gets_an_email_without_the_persons_message(
    client: Client,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post(client, valid(name="Ann Example", reason="private words"))
    [email] = mailoutbox
    assert email.to == ["clinic@example.org"]
    assert "Ann Example" in email.body
    assert "private words" not in email.body
    assert "/consultations/queue/" in email.body


def test_an_urgent_request_says_so_in_the_email_subject(
    client: Client,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    assessment = assessment_services.create_assessment(
        self_care(rf_fever=True), ClinicFactory.create(email="desk@clinic.example"), address="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        post(client, valid(assessment_id=assessment.public_id))
    [email] = mailoutbox
    assert email.to == ["desk@clinic.example"]
    assert "(urgent)" in email.subject


def test_it_works_on_a_fresh_install_with_the_site_clinic(
    client: Client, settings: Settings
) -> None:
    body = post(client, valid()).json()
    stored = ConsultationRequest.objects.get(public_id=body["id"])
    assert stored.clinic.slug == settings.CLINIC_SLUG


def test_the_openapi_schema_documents_the_request(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/consultations"]["post"]
    assert {"200", "201", "422", "429"} <= set(operation["responses"])
