"""Sign-up tells a stranger nothing about who is a patient here (issue 11, finding 8b): the
page answers the same whether or not the email has an account, a new account opens from
the link we email, and the owner of an existing one is told someone tried."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from spinewise.accounts import patients
from spinewise.accounts.models import User
from spinewise.assessments.models import Assessment
from spinewise.audit.models import AuditEntry
from tests.assessments.answers import self_care
from tests.assessments.test_pages import take
from tests.factories import PASSWORD, ClinicFactory, clinician, patient

pytestmark = pytest.mark.django_db

CHECK_YOUR_EMAIL = "Check your email to finish"
NEW_PASSWORD = "a-long-pass-phrase-42"


def taken(client: Client) -> str:
    return take(client, self_care())["Location"].rstrip("/").rsplit("/", 1)[-1]


def signup_data(public_id: str, email: str = "ann@example.org") -> dict[str, str]:
    return {
        "assessment": public_id,
        "full_name": "Ann Example",
        "email": email,
        "password": NEW_PASSWORD,
        "share": "on",
    }


def sign_up(client: Client, public_id: str, email: str = "ann@example.org") -> str:
    """Sign up from a result taken in this browser; the page it ends on."""
    response = client.post(reverse("signup"), signup_data(public_id, email), follow=True)
    return response.content.decode()


def sign_up_and_mail(
    client: Client,
    capture: DjangoCaptureOnCommitCallbacks,
    outbox: list[EmailMessage],
    email: str = "ann@example.org",
) -> EmailMessage:
    public_id = taken(client)
    with capture(execute=True):
        sign_up(client, public_id, email)
    [sent] = outbox
    return sent


def site_path(body: str, pattern: str) -> str:
    found = re.search(re.escape(settings.SITE_URL) + f"({pattern})", body)
    assert found is not None
    return found.group(1)


def finish_link(message: EmailMessage) -> str:
    return site_path(str(message.body), r"/accounts/signup/finish/[^/\s]+/[^/\s]+/")


# The page


def test_sign_up_with_a_new_email_says_check_your_email(client: Client) -> None:
    page = sign_up(client, taken(client))

    assert CHECK_YOUR_EMAIL in page


def test_sign_up_with_an_existing_email_answers_exactly_the_same(client: Client) -> None:
    patient(email="known@example.org")
    stranger = Client()

    for_new = client.post(reverse("signup"), signup_data(taken(client), "new@example.org"))
    for_known = stranger.post(reverse("signup"), signup_data(taken(stranger), "known@example.org"))

    assert for_known.status_code == for_new.status_code == 302
    assert for_known["Location"] == for_new["Location"]
    assert stranger.get(for_known["Location"]).content == client.get(for_new["Location"]).content


def test_sign_up_with_an_existing_email_never_says_the_account_exists(client: Client) -> None:
    patient(email="known@example.org")

    page = sign_up(client, taken(client), "known@example.org")

    assert CHECK_YOUR_EMAIL in page
    assert "already" not in page


def test_sign_up_does_not_sign_anyone_in(client: Client) -> None:
    sign_up(client, taken(client))

    assert "_auth_user_id" not in client.session


# An existing account


def test_sign_up_with_an_existing_email_does_not_claim_the_result(client: Client) -> None:
    owner = patient(email="known@example.org")
    public_id = taken(client)

    sign_up(client, public_id, "known@example.org")

    assessment = Assessment.objects.get(public_id=public_id)
    assert assessment.patient is None
    assert not assessment.shared_with_clinic
    assert not Assessment.objects.filter(patient=owner).exists()


def test_sign_up_with_an_existing_email_leaves_the_account_as_it_was(client: Client) -> None:
    owner = patient(email="known@example.org", full_name="Kim Known")

    sign_up(client, taken(client), "Known@Example.org")

    owner.refresh_from_db()
    assert owner.full_name == "Kim Known"
    assert owner.check_password(PASSWORD)
    assert owner.is_active
    assert User.objects.count() == 1


def test_the_owner_of_an_existing_account_is_emailed_that_someone_tried(
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    patient(email="known@example.org")

    sent = sign_up_and_mail(
        client, django_capture_on_commit_callbacks, mailoutbox, "known@example.org"
    )

    assert sent.to == ["known@example.org"]
    assert "Someone tried to create a new account" in str(sent.body)
    assert settings.SITE_URL + reverse("login") in str(sent.body)


def test_the_owners_email_has_a_working_password_reset_link(
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    patient(email="known@example.org")
    sent = sign_up_and_mail(
        client, django_capture_on_commit_callbacks, mailoutbox, "known@example.org"
    )

    link = site_path(str(sent.body), r"/accounts/reset/[^/\s]+/[^/\s]+/")
    page = client.get(link, follow=True).content.decode()

    assert "Choose a new password" in page


def test_a_closed_account_is_neither_emailed_nor_reopened(
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    closed = patient(email="closed@example.org", is_active=False)
    User.objects.filter(pk=closed.pk).update(last_login="2026-01-05T10:00:00Z")

    with django_capture_on_commit_callbacks(execute=True):
        page = sign_up(client, taken(client), "closed@example.org")

    assert CHECK_YOUR_EMAIL in page
    assert mailoutbox == []
    closed.refresh_from_db()
    assert not closed.is_active


def test_a_clinician_adding_a_patient_is_still_told_the_email_is_taken(client: Client) -> None:
    clinic = ClinicFactory.create()
    patient(clinic, email="known@example.org")
    client.force_login(clinician(clinic))
    data = {
        "full_name": "Kim Known",
        "email": "known@example.org",
        "pain_now": "5",
        "directional_preference": "none",
        "care_pathway": "physio_supported",
    }

    page = client.post(reverse("programmes:new_patient"), data).content.decode()

    assert "There is already an account with this email." in page


# A new account


def test_a_new_account_is_emailed_a_link_to_finish(
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    sent = sign_up_and_mail(client, django_capture_on_commit_callbacks, mailoutbox)

    assert sent.to == ["ann@example.org"]
    assert finish_link(sent)


def test_a_new_account_keeps_the_result_for_the_clinic(client: Client) -> None:
    public_id = taken(client)

    sign_up(client, public_id)

    assessment = Assessment.objects.get(public_id=public_id)
    assert assessment.patient is not None
    assert assessment.patient.email == "ann@example.org"
    assert assessment.shared_with_clinic


def test_a_new_account_cannot_sign_in_before_its_link_is_opened(client: Client) -> None:
    sign_up(client, taken(client))

    response = client.post(
        reverse("login"), {"username": "ann@example.org", "password": NEW_PASSWORD}
    )

    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.content.decode()


def test_opening_the_link_shows_a_button_and_opens_nothing_yet(
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    link = finish_link(sign_up_and_mail(client, django_capture_on_commit_callbacks, mailoutbox))

    page = client.get(link).content.decode()

    assert "Open my account" in page
    assert not User.objects.get(email="ann@example.org").is_active


def test_pressing_the_button_opens_the_account_and_signs_its_owner_in(
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    link = finish_link(sign_up_and_mail(client, django_capture_on_commit_callbacks, mailoutbox))

    response = client.post(link)

    user = User.objects.get(email="ann@example.org")
    assert response["Location"] == reverse("programmes:mine")
    assert user.is_active
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_opened_account_signs_in_with_the_password_chosen_at_sign_up(
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    link = finish_link(sign_up_and_mail(client, django_capture_on_commit_callbacks, mailoutbox))
    client.post(link)
    client.logout()

    response = client.post(
        reverse("login"), {"username": "ann@example.org", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302


def test_the_link_works_once(
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    link = finish_link(sign_up_and_mail(client, django_capture_on_commit_callbacks, mailoutbox))
    client.post(link)
    client.logout()

    response = client.post(link)

    assert response.status_code == 404
    assert "This link has expired" in response.content.decode()


def test_a_made_up_link_opens_nothing(client: Client) -> None:
    sign_up(client, taken(client))
    user = User.objects.get(email="ann@example.org")
    uid = patients.confirmation_link(user).split("/finish/", 1)[1].split("/", 1)[0]

    response = client.post(reverse("signup_finish", args=[uid, "1-made-up"]))

    assert response.status_code == 404
    user.refresh_from_db()
    assert not user.is_active


def test_a_link_for_no_account_at_all_is_a_404(client: Client) -> None:
    response = client.get(reverse("signup_finish", args=["bm90LWEtbnVtYmVy", "x-y"]))

    assert response.status_code == 404


def test_opening_the_account_is_audited(
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    link = finish_link(sign_up_and_mail(client, django_capture_on_commit_callbacks, mailoutbox))

    client.post(link)

    user = User.objects.get(email="ann@example.org")
    entry = AuditEntry.objects.get(detail="email address confirmed: account opened")
    assert (entry.actor, entry.patient, entry.object_id) == (user, user, str(user.pk))


def test_signing_up_again_before_finishing_sends_a_new_link_and_changes_nothing(
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    mailoutbox: list[EmailMessage],
) -> None:
    sign_up(client, taken(client))
    waiting = User.objects.get(email="ann@example.org")
    public_id = taken(client)

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, public_id)

    [sent] = mailoutbox
    assert finish_link(sent)
    assert Assessment.objects.get(public_id=public_id).patient is None
    assert User.objects.get() == waiting
