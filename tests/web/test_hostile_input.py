"""A NUL character anywhere in a page's input is a plain 400, never a 500 (issue 11, finding
1): PostgreSQL text cannot hold NUL, SQLite would store it. Run on both databases."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from spinewise.accounts.models import Clinic, User
from spinewise.consultations.models import ConsultationRequest, QueueNote
from spinewise.programmes import review
from spinewise.programmes.models import Programme
from tests.consultations.helpers import make_request, next_phone
from tests.factories import PASSWORD, ClinicFactory, clinician, patient, staff
from tests.programmes.helpers import programme_for

pytestmark = pytest.mark.django_db

NUL = "\x00"
CANNOT_STORE = "has a character we cannot store. Please retype it."
BAD_ADDRESS = "The web address has a character we cannot use."


def call_request(**fields: str) -> dict[str, str]:
    return {
        "name": "Ann Example",
        "phone": next_phone(),
        "preferred_time": "morning",
        "reason": "My back hurts when I sit for long.",
        "consent_to_contact": "on",
        **fields,
    }


def page_text(client: Client, url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
    # The test client posts a dict as multipart/form-data, as a browser may.
    response = client.post(url, data or {}) if data is not None else client.get(url)
    return response.status_code, response.content.decode()


@pytest.fixture
def clinic() -> Clinic:
    return ClinicFactory.create()


@pytest.fixture
def desk(client: Client, clinic: Clinic) -> User:
    person = staff(clinic)
    client.force_login(person)
    return person


# The public call request


def test_a_nul_in_the_call_requests_name_is_a_400_naming_the_field(client: Client) -> None:
    status, page = page_text(
        client, reverse("consultations:request"), call_request(name=f"Ann{NUL}")
    )

    assert status == 400
    assert f"The Name field {CANNOT_STORE}" in page


def test_a_nul_in_the_call_requests_reason_is_a_400_naming_the_field(client: Client) -> None:
    status, page = page_text(
        client, reverse("consultations:request"), call_request(reason=f"Sitting{NUL}")
    )

    assert status == 400
    assert f"The Reason field {CANNOT_STORE}" in page


def test_a_nul_in_the_call_requests_hidden_assessment_is_a_400(client: Client) -> None:
    status, page = page_text(
        client, reverse("consultations:request"), call_request(assessment_id=NUL)
    )

    assert status == 400
    assert f"The Assessment id field {CANNOT_STORE}" in page


def test_a_call_request_with_a_nul_stores_nothing(client: Client) -> None:
    client.post(reverse("consultations:request"), call_request(name=f"Ann{NUL}"))

    assert not ConsultationRequest.objects.exists()


def test_a_nul_in_the_request_pages_query_string_is_a_400(client: Client) -> None:
    status, page = page_text(client, reverse("consultations:request") + "?assessment=%00")

    assert status == 400
    assert BAD_ADDRESS in page


def test_a_nul_in_a_query_strings_name_is_a_400(client: Client) -> None:
    status, _ = page_text(client, reverse("consultations:request") + "?assess%00ment=1")

    assert status == 400


def test_a_raw_nul_in_a_form_body_is_a_400(client: Client) -> None:
    response = client.post(
        reverse("consultations:request"),
        b"name=Ann\x00&phone=020+7946+0100",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400


def test_a_percent_encoded_nul_in_a_url_encoded_form_is_a_400(client: Client) -> None:
    response = client.post(
        reverse("consultations:request"),
        "name=Ann%00&phone=020+7946+0100",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400


def test_a_nul_in_a_fields_name_is_a_400_without_repeating_the_name(client: Client) -> None:
    status, page = page_text(
        client, reverse("consultations:request"), {**call_request(), f"na{NUL}me": "Ann"}
    )

    assert status == 400
    assert f"Something you typed {CANNOT_STORE}" in page


def test_a_typed_percent_zero_zero_is_text_not_a_nul(client: Client) -> None:
    response = client.post(reverse("consultations:request"), call_request(name="Ann %00"))

    assert response.status_code == 302
    assert ConsultationRequest.objects.get().name == "Ann %00"


def test_an_encoded_lone_surrogate_never_reaches_the_database(client: Client) -> None:
    # Django decodes a form with errors="replace": the bytes of a lone surrogate arrive as
    # replacement characters, which every database stores.
    response = client.post(
        reverse("consultations:request"),
        f"name=Ann%ED%A0%80&phone={next_phone()}&preferred_time=morning&consent_to_contact=on",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 302
    assert ConsultationRequest.objects.get().name == "Ann\ufffd\ufffd\ufffd"


# Addresses


def test_a_nul_in_a_result_address_is_a_400(client: Client) -> None:
    status, page = page_text(client, "/assessment/result/%00/")

    assert status == 400
    assert BAD_ADDRESS in page


def test_a_nul_in_a_queue_address_is_a_400(client: Client, desk: User) -> None:
    status, page = page_text(client, "/consultations/queue/%00/")

    assert status == 400
    assert BAD_ADDRESS in page


def test_the_400_page_keeps_the_site_around_it(client: Client, desk: User) -> None:
    _, page = page_text(client, "/consultations/queue/%00/")

    assert "Call-back queue" in page  # the signed-in navigation
    assert "Sign out" in page


# The call-back queue's forms


def test_a_nul_in_a_queue_note_is_a_400_and_adds_no_note(
    client: Client, clinic: Clinic, desk: User
) -> None:
    consultation = make_request(clinic)
    before = QueueNote.objects.count()

    status, page = page_text(
        client,
        reverse("consultations:action", args=[consultation.public_id, "note"]),
        {"note-note": f"Rang back{NUL}"},
    )

    assert status == 400
    assert f"The Note field {CANNOT_STORE}" in page
    assert QueueNote.objects.count() == before


def test_a_nul_in_a_call_attempts_note_is_a_400(client: Client, clinic: Clinic, desk: User) -> None:
    consultation = make_request(clinic)

    status, _ = page_text(
        client,
        reverse("consultations:action", args=[consultation.public_id, "attempt"]),
        {"attempt-outcome": "no_answer", "attempt-note": NUL},
    )

    assert status == 400
    consultation.refresh_from_db()
    assert consultation.status == "new"


def test_a_nul_in_a_call_attempts_outcome_is_a_400(
    client: Client, clinic: Clinic, desk: User
) -> None:
    consultation = make_request(clinic)

    status, _ = page_text(
        client,
        reverse("consultations:action", args=[consultation.public_id, "attempt"]),
        {"attempt-outcome": f"no_answer{NUL}"},
    )

    assert status == 400


# Pausing and resuming a plan


def test_a_nul_in_a_pause_reason_is_a_400_and_the_plan_stays_active(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))

    status, page = page_text(
        client, reverse("programmes:pause", args=[programme.pk]), {"reason": f"Wait{NUL}"}
    )

    assert status == 400
    assert f"The Reason field {CANNOT_STORE}" in page
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE


def test_a_nul_in_a_resume_note_is_a_400_and_the_plan_stays_paused(client: Client) -> None:
    programme = programme_for()
    doctor = clinician(programme.clinic)
    review.pause_programme(programme.pk, by=doctor, reason="Check first.", address=None)
    client.force_login(doctor)

    status, _ = page_text(
        client, reverse("programmes:resume", args=[programme.pk]), {"note": f"Go{NUL}"}
    )

    assert status == 400
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PAUSED


# Signing in


def test_a_nul_in_the_sign_in_email_is_a_400_naming_the_field(client: Client) -> None:
    status, page = page_text(
        client, reverse("login"), {"username": f"ann{NUL}@example.org", "password": "x"}
    )

    assert status == 400
    assert f"The Email address field {CANNOT_STORE}" in page


def test_a_nul_in_the_sign_in_email_counts_no_failure(client: Client) -> None:
    client.post(reverse("login"), {"username": f"ann{NUL}@example.org", "password": "x"})

    assert not AccessAttempt.objects.exists()


def test_a_nul_in_a_password_is_a_400_not_a_sign_in(client: Client) -> None:
    person = patient()

    status, _ = page_text(
        client, reverse("login"), {"username": person.email, "password": PASSWORD + NUL}
    )

    assert status == 400
    assert "_auth_user_id" not in client.session


def test_a_nul_in_the_admins_sign_in_is_a_400(client: Client) -> None:
    status, _ = page_text(
        client, reverse("admin:login"), {"username": f"{NUL}@example.org", "password": "x"}
    )

    assert status == 400


# What is left alone


def test_a_session_cookie_with_a_nul_is_treated_as_no_session(client: Client) -> None:
    client.cookies["sessionid"] = f"abcdefgh{NUL}ijkl"

    response = client.get(reverse("web:home"))

    assert response.status_code == 200
    assert "Sign in" in response.content.decode()


def test_api_requests_are_left_to_the_api(client: Client) -> None:
    response = client.get("/api/v1/openapi.json?x=%00")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
