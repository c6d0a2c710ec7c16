import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from tests.factories import PASSWORD, patient
from tests.responses import Response

pytestmark = pytest.mark.django_db


def _login(client: Client, email: str, password: str) -> Response:
    return client.post(reverse("login"), {"username": email, "password": password})


def test_correct_password_signs_in(client: Client) -> None:
    person = patient()
    response = _login(client, person.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_wrong_password_shows_plain_message_and_keeps_email(client: Client) -> None:
    person = patient()
    response = _login(client, person.email, "wrong")
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.content.decode()
    assert person.email in response.content.decode()


def test_account_locks_after_repeated_failures(client: Client, settings: Settings) -> None:
    person = patient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, person.email, "wrong")
    response = _login(client, person.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_passwords_are_hashed_with_argon2_in_production() -> None:
    from spinewise.config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_password_reset_sends_an_email_with_a_working_link(client: Client) -> None:
    person = patient()
    response = client.post(reverse("password_reset"), {"email": person.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    page = client.get(link.strip().split("testserver", 1)[1], follow=True)
    assert "Choose a new password" in page.content.decode()


def test_password_reset_for_unknown_email_reveals_nothing(client: Client) -> None:
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "If that address has an account" in response.content.decode()
    assert mail.outbox == []


def test_sessions_expire_when_idle(settings: Settings) -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 60 * 60


def test_email_is_not_case_sensitive_at_sign_in(client: Client) -> None:
    person = patient(email="mixed@example.org")
    assert _login(client, "Mixed@Example.org", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_lockout_counts_failures_whatever_the_case(client: Client, settings: Settings) -> None:
    person = patient(email="case@example.org")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "CASE@example.org" if attempt % 2 else "case@example.org", "wrong")
    assert _login(client, person.email, PASSWORD).status_code == 429


def test_a_form_error_is_read_out_with_its_field(client: Client) -> None:
    page = client.post(reverse("password_reset"), {"email": "not-an-email"}).content.decode()
    assert 'aria-describedby="id_email_error"' in page
    assert 'id="id_email_error"' in page
