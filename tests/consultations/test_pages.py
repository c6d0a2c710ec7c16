"""The public request page and the staff queue pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import Settings

from spinewise.accounts.clinics import site_clinic
from spinewise.accounts.models import Clinic
from spinewise.assessments import services as assessment_services
from spinewise.consultations import queue
from spinewise.consultations.models import ConsultationRequest
from tests.assessments.answers import self_care
from tests.consultations.helpers import make_request
from tests.factories import ClinicFactory, clinician, patient, staff

pytestmark = pytest.mark.django_db
REQUEST = "/consultations/request/"
QUEUE = "/consultations/queue/"


def form(**fields: str) -> dict[str, str]:
    data = {
        "name": "Ann Example",
        "phone": "020 7946 0777",
        "preferred_time": "afternoon",
        "reason": "",
        "consent_to_contact": "on",
    }
    data.update(fields)
    return data


# --- Public page ------------------------------------------------------------------------


def test_the_request_page_asks_for_consent_and_offers_call_now(client: Client) -> None:
    page = client.get(REQUEST).content.decode()
    assert 'name="consent_to_contact"' in page
    assert 'href="tel:' in page


def test_a_good_request_goes_to_the_confirmation_page(client: Client) -> None:
    response = client.post(REQUEST, form(), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/consultations/request/sent/"
    assert "We will call you" in page
    assert "+44 20 7946 0777" in page
    assert ConsultationRequest.objects.get().preferred_time == "afternoon"


def test_errors_show_beside_the_fields_and_keep_what_was_typed(client: Client) -> None:
    response = client.post(REQUEST, form(phone="0207", consent_to_contact="", reason="Sore"))
    page = response.content.decode()
    assert response.status_code == 422
    assert "Please tick the box to say we may call you." in page
    assert 'id="id_phone-error"' in page
    assert 'value="Ann Example"' in page
    assert 'value="0207"' in page
    assert ">Sore</textarea>" in page
    assert 'value="afternoon" id="id_preferred_time_1" checked' in page
    assert not ConsultationRequest.objects.exists()


def test_the_error_summary_links_to_each_field(client: Client) -> None:
    page = client.post(REQUEST, form(name="")).content.decode()
    assert 'href="#id_name"' in page


def test_the_spam_trap_shows_thanks_but_stores_nothing(client: Client) -> None:
    response = client.post(REQUEST, form(website="http://spam.example"))
    assert response.status_code == 200
    assert "We will call you" in response.content.decode()
    assert not ConsultationRequest.objects.exists()


def test_too_many_requests_get_a_plain_429_page_with_the_phone_number(
    client: Client, settings: Settings
) -> None:
    settings.CONSULTATIONS_PER_HOUR = 1
    client.post(REQUEST, form(phone="020 7946 0778"))
    response = client.post(REQUEST, form(phone="020 7946 0779"))
    assert response.status_code == 429
    assert "try again" in response.content.decode()
    assert 'href="tel:' in response.content.decode()


def test_a_request_from_a_result_page_is_linked_to_that_assessment(client: Client) -> None:
    assessment = assessment_services.create_assessment(
        self_care(rf_fever=True), site_clinic(), address="x"
    )
    page = client.get(REQUEST, {"assessment": assessment.public_id}).content.decode()
    assert f'value="{assessment.public_id}"' in page
    client.post(REQUEST, form(assessment_id=assessment.public_id))
    assert ConsultationRequest.objects.get().urgency == "urgent"


def test_an_urgent_request_is_told_not_to_wait_if_worse(client: Client) -> None:
    assessment = assessment_services.create_assessment(
        self_care(rf_fever=True), site_clinic(), address="x"
    )
    client.post(REQUEST, form(assessment_id=assessment.public_id))
    page = client.get("/consultations/request/sent/").content.decode()
    assert "Do not wait for our call if you get worse" in page


def test_a_made_up_assessment_id_is_ignored_rather_than_blocking_the_person(client: Client) -> None:
    client.post(REQUEST, form(assessment_id="made-up"))
    assert ConsultationRequest.objects.get().assessment is None


def test_the_confirmation_page_without_a_request_goes_back_to_the_form(client: Client) -> None:
    response = client.get("/consultations/request/sent/")
    assert response.status_code == 302
    assert response["Location"] == REQUEST


def test_a_signed_in_patient_has_their_name_filled_in(client: Client) -> None:
    person = patient(site_clinic(), full_name="Pat Reynolds")
    client.force_login(person)
    assert 'value="Pat Reynolds"' in client.get(REQUEST).content.decode()
    client.post(REQUEST, form())
    assert ConsultationRequest.objects.get().patient == person


# --- Staff pages ------------------------------------------------------------------------


@pytest.fixture
def clinic() -> Clinic:
    return ClinicFactory.create()


@pytest.fixture
def desk(client: Client, clinic: Clinic) -> Client:
    client.force_login(staff(clinic))
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_patient_cannot_open_the_queue(client: Client, clinic: Clinic) -> None:
    client.force_login(patient(clinic))
    assert client.get(QUEUE).status_code == 403


def test_staff_of_another_clinic_get_404_for_a_request_page(client: Client, clinic: Clinic) -> None:
    consultation = make_request(clinic)
    client.force_login(staff(ClinicFactory.create()))
    assert client.get(f"{QUEUE}{consultation.public_id}/").status_code == 404
    response = client.post(f"{QUEUE}{consultation.public_id}/complete/", {})
    assert response.status_code == 404


def test_the_queue_lists_only_this_clinics_requests(desk: Client, clinic: Clinic) -> None:
    make_request(clinic, name="Mine Person")
    make_request(ClinicFactory.create(), name="Other Person")
    page = desk.get(QUEUE).content.decode()
    assert "Mine Person" in page
    assert "Other Person" not in page


def test_an_overdue_request_is_highlighted(desk: Client, clinic: Clinic) -> None:
    late = make_request(clinic)
    ConsultationRequest.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    page = desk.get(QUEUE).content.decode()
    assert 'class="overdue"' in page
    assert "1 overdue" in page


def test_the_queue_page_makes_the_same_number_of_queries_however_long_it_is(
    desk: Client, clinic: Clinic
) -> None:
    for _ in range(3):
        queue.assign(
            make_request(clinic).public_id, by=staff(clinic), assignee=staff(clinic), address=None
        )
    desk.get(QUEUE)  # warm up: the site clinic is kept after its first read
    with CaptureQueriesContext(connection) as few:
        assert desk.get(QUEUE).status_code == 200
    for _ in range(20):
        queue.assign(
            make_request(clinic).public_id, by=staff(clinic), assignee=staff(clinic), address=None
        )
    with CaptureQueriesContext(connection) as many:
        assert desk.get(QUEUE).status_code == 200
    assert len(many) == len(few)


def test_staff_see_the_triage_but_no_link_to_the_assessment(desk: Client) -> None:
    assessment = assessment_services.create_assessment(
        self_care(rf_fever=True), site_clinic(), address="x"
    )
    consultation = make_request(assessment_id=assessment.public_id)
    desk.force_login(staff(site_clinic()))
    page = desk.get(f"{QUEUE}{consultation.public_id}/").content.decode()
    assert "Urgent" in page
    assert f"/assessment/result/{assessment.public_id}/" not in page
    assert desk.get(f"/assessment/result/{assessment.public_id}/").status_code == 404


def test_a_clinician_can_open_the_linked_assessment(client: Client) -> None:
    assessment = assessment_services.create_assessment(
        self_care(rf_fever=True), site_clinic(), address="x"
    )
    consultation = make_request(assessment_id=assessment.public_id)
    client.force_login(clinician(site_clinic()))
    page = client.get(f"{QUEUE}{consultation.public_id}/").content.decode()
    assert f"/assessment/result/{assessment.public_id}/" in page
    assert client.get(f"/assessment/result/{assessment.public_id}/").status_code == 200


def test_recording_a_call_shows_a_confirmation(desk: Client, clinic: Clinic) -> None:
    consultation = make_request(clinic)
    response = desk.post(
        f"{QUEUE}{consultation.public_id}/attempt/",
        {"attempt-outcome": "no_answer", "attempt-note": "Rang once."},
        follow=True,
    )
    assert "Call attempt saved." in response.content.decode()
    assert "Rang once." in response.content.decode()


def test_a_call_without_an_outcome_gets_a_plain_message_and_keeps_the_note(
    desk: Client, clinic: Clinic
) -> None:
    consultation = make_request(clinic)
    response = desk.post(
        f"{QUEUE}{consultation.public_id}/attempt/", {"attempt-note": "Typed this."}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Please choose what happened on the call." in page
    assert ">Typed this.</textarea>" in page


def test_booking_a_time_that_has_passed_is_refused_beside_the_date(
    desk: Client, clinic: Clinic
) -> None:
    consultation = make_request(clinic)
    response = desk.post(
        f"{QUEUE}{consultation.public_id}/schedule/",
        {"schedule-date": "2020-01-01", "schedule-time": "10:00"},
    )
    assert response.status_code == 422
    assert "Please choose a time that has not passed yet." in response.content.decode()


def test_an_unknown_action_is_404(desk: Client, clinic: Clinic) -> None:
    consultation = make_request(clinic)
    assert desk.post(f"{QUEUE}{consultation.public_id}/explode/", {}).status_code == 404


def test_viewing_a_request_page_is_audited(desk: Client, clinic: Clinic) -> None:
    from spinewise.audit.models import AuditEntry

    consultation = make_request(clinic)
    desk.get(f"{QUEUE}{consultation.public_id}/")
    assert AuditEntry.objects.filter(
        object_type="ConsultationRequest", object_id=str(consultation.pk), action="view"
    ).exists()


def test_the_team_sees_the_queue_in_the_navigation(desk: Client) -> None:
    assert 'href="/consultations/queue/"' in desk.get("/").content.decode()
