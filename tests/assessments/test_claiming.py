from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from spinewise.accounts import patients
from spinewise.accounts.models import Clinic, Membership, Role, User
from spinewise.assessments import services
from spinewise.assessments.models import Assessment
from tests.assessments.answers import self_care
from tests.assessments.test_pages import take
from tests.factories import ClinicFactory, clinician, patient
from tests.responses import Response

pytestmark = pytest.mark.django_db


def signup(client: Client, public_id: str, **fields: str) -> Response:
    data = {
        "assessment": public_id,
        "full_name": "Ann Example",
        "email": "ann@example.org",
        "password": "a-long-pass-phrase-42",
        "share": "on",
        **fields,
    }
    return client.post(reverse("signup"), data)


def finish_signup(client: Client) -> None:
    """Open the new account from the link emailed at sign-up, as its owner does."""
    user = User.objects.get(email="ann@example.org")
    client.post(patients.confirmation_link(user).removeprefix(settings.SITE_URL))


def taken(client: Client) -> str:
    location = take(client, self_care())["Location"]
    return location.rstrip("/").rsplit("/", 1)[-1]


def test_signup_claims_the_assessment_and_shares_it_with_the_clinic(client: Client) -> None:
    public_id = taken(client)
    response = signup(client, public_id)
    assert response.status_code == 302
    assessment = Assessment.objects.get(public_id=public_id)
    assert assessment.patient is not None
    assert assessment.patient.email == "ann@example.org"
    assert assessment.shared_with_clinic and assessment.claimed_at
    assert Membership.objects.get(user=assessment.patient).role == Role.PATIENT


def test_signup_needs_an_assessment_from_this_browser(client: Client) -> None:
    public_id = taken(client)
    other = type(client)()
    assert signup(other, public_id).status_code == 404


def test_signup_errors_are_plain_and_keep_what_was_typed(client: Client) -> None:
    public_id = taken(client)
    response = signup(client, public_id, email="not-an-email", password="123")
    assert response.status_code == 422
    page = response.content.decode()
    assert "Please enter an email address like name@example.com." in page
    assert 'value="Ann Example"' in page
    assert not Assessment.objects.get(public_id=public_id).patient


def test_clinic_sees_a_claimed_assessment(client: Client) -> None:
    public_id = taken(client)
    signup(client, public_id)
    assessment = Assessment.objects.get(public_id=public_id)
    assert (
        services.visible_assessments(clinician(assessment.clinic)).filter(pk=assessment.pk).exists()
    )


def test_clinic_does_not_see_an_unshared_assessment(client: Client) -> None:
    public_id = taken(client)
    assessment = Assessment.objects.get(public_id=public_id)
    assert not services.visible_assessments(clinician(assessment.clinic)).exists()


def claimed_then_opened_by(
    client: Client, make_viewer: Callable[[Clinic], User]
) -> tuple[Assessment, Response]:
    """A patient takes and claims an assessment; then `make_viewer(its clinic)` opens it."""
    public_id = taken(client)
    signup(client, public_id)
    assessment = Assessment.objects.get(public_id=public_id)
    client.logout()
    client.force_login(make_viewer(assessment.clinic))
    return assessment, client.get(reverse("assessments:result", args=[public_id]))


def test_another_clinic_gets_404_for_a_claimed_result(client: Client) -> None:
    _, response = claimed_then_opened_by(client, lambda _clinic: clinician(ClinicFactory.create()))
    assert response.status_code == 404


def test_another_patient_gets_404_for_a_claimed_result(client: Client) -> None:
    _, response = claimed_then_opened_by(client, patient)
    assert response.status_code == 404


def test_clinician_view_of_a_result_is_audited(client: Client) -> None:
    from spinewise.audit.models import AuditEntry

    assessment, response = claimed_then_opened_by(client, clinician)
    assert response.status_code == 200
    entry = AuditEntry.objects.get(object_type="Assessment", action="view")
    assert entry.patient == assessment.patient


def test_a_clinician_sees_whose_result_it_is_without_the_patients_buttons(client: Client) -> None:
    assessment, response = claimed_then_opened_by(client, clinician)

    page = response.content.decode()

    assert assessment.patient is not None
    assert f"You are seeing what {assessment.patient.full_name}" in page
    assert "Start my programme" not in page
    assert "Assessment result" in page


def test_the_person_who_took_it_sees_their_buttons_and_no_team_note(client: Client) -> None:
    public_id = taken(client)

    page = client.get(reverse("assessments:result", args=[public_id])).content.decode()

    assert "Start my programme" in page
    assert "You are seeing what" not in page


def test_a_signed_in_patient_sees_their_own_claimed_result_as_theirs(client: Client) -> None:
    public_id = taken(client)
    signup(client, public_id)
    finish_signup(client)

    page = client.get(reverse("assessments:result", args=[public_id])).content.decode()

    assert "You are seeing what" not in page


def test_a_signed_in_patient_is_sent_to_their_programme_not_to_sign_up_again(
    client: Client,
) -> None:
    public_id = taken(client)
    signup(client, public_id)
    finish_signup(client)

    page = client.get(reverse("assessments:result", args=[public_id])).content.decode()

    assert "Go to my programme" in page
    assert "Start my programme" not in page


def test_the_sign_up_link_of_a_result_already_theirs_goes_to_their_programme(
    client: Client,
) -> None:
    public_id = taken(client)
    signup(client, public_id)
    finish_signup(client)

    response = client.get(reverse("signup") + f"?assessment={public_id}")

    assert response["Location"] == reverse("programmes:mine")
