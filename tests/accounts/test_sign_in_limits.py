"""Over-long emails and passwords are refused beside the field, before the login lockout
records a failure or a hasher runs (issue 11, finding 2). Run on SQLite and PostgreSQL:
PostgreSQL failed from 256 characters (axes' record), SQLite from about 50,000 (LIKE)."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from spinewise.accounts.models import User
from tests.assessments.answers import self_care
from tests.assessments.test_pages import take
from tests.factories import PASSWORD, clinic_admin, patient

pytestmark = pytest.mark.django_db

EMAIL_TOO_LONG = "An email address has at most 254 characters. Please check what you typed."
PASSWORD_TOO_LONG = "A password has at most 4,096 characters. Please check what you typed."
NEW_PASSWORD_TOO_LONG = "Please choose a password of at most 4,096 characters."


def email_of(length: int) -> str:
    domain = "@example.org"
    return "a" * (length - len(domain)) + domain


def sign_in(client: Client, email: str, password: str, *, url: str = "") -> tuple[int, str]:
    response = client.post(url or reverse("login"), {"username": email, "password": password})
    return response.status_code, response.content.decode()


def test_a_sign_in_email_over_254_characters_is_refused_beside_the_field(
    client: Client,
) -> None:
    status, page = sign_in(client, email_of(255), "x")

    assert status == 200
    assert EMAIL_TOO_LONG in page


def test_a_sign_in_email_of_300_characters_records_no_failure(client: Client) -> None:
    sign_in(client, email_of(300), "x")

    assert not AccessAttempt.objects.exists()


def test_a_sign_in_email_of_60000_characters_is_refused_not_a_500(client: Client) -> None:
    status, page = sign_in(client, email_of(60_000), "x")

    assert status == 200
    assert EMAIL_TOO_LONG in page


def test_a_sign_in_email_of_254_characters_is_checked_as_usual(client: Client) -> None:
    status, page = sign_in(client, email_of(254), "x")

    assert status == 200
    assert "Please enter a correct email address and password" in page
    assert AccessAttempt.objects.get().username == email_of(254)


def test_a_sign_in_password_over_4096_characters_is_refused_beside_the_field(
    client: Client,
) -> None:
    person = patient()

    status, page = sign_in(client, person.email, "p" * 4097)

    assert status == 200
    assert PASSWORD_TOO_LONG in page
    assert not AccessAttempt.objects.exists()


def test_a_password_of_4096_characters_still_signs_in(client: Client) -> None:
    person = patient(password="p" * 4096)

    status, _ = sign_in(client, person.email, "p" * 4096)

    assert status == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_admins_sign_in_refuses_an_email_over_254_characters(client: Client) -> None:
    status, page = sign_in(client, email_of(300), "x", url=reverse("admin:login"))

    assert status == 200
    assert EMAIL_TOO_LONG in page
    assert not AccessAttempt.objects.exists()


def test_the_admins_sign_in_refuses_a_password_over_4096_characters(client: Client) -> None:
    admin = clinic_admin()

    status, page = sign_in(client, admin.email, "p" * 200_000, url=reverse("admin:login"))

    assert status == 200
    assert PASSWORD_TOO_LONG in page


def test_the_admins_sign_in_still_signs_a_clinic_admin_in(client: Client) -> None:
    admin = clinic_admin()

    status, _ = sign_in(client, admin.email, PASSWORD, url=reverse("admin:login"))

    assert status == 302


def sign_up(client: Client, **fields: str) -> tuple[int, str]:
    public_id = take(client, self_care())["Location"].rstrip("/").rsplit("/", 1)[-1]
    data = {
        "assessment": public_id,
        "full_name": "Ann Example",
        "email": "ann@example.org",
        "password": "a-long-pass-phrase-42",
        "share": "on",
        **fields,
    }
    response = client.post(reverse("signup"), data)
    return response.status_code, response.content.decode()


def test_sign_up_refuses_a_password_over_4096_characters(client: Client) -> None:
    status, page = sign_up(client, password="a-long-pass-phrase-42" * 10_000)

    assert status == 422
    assert NEW_PASSWORD_TOO_LONG in page
    assert not User.objects.exists()


def test_sign_up_refuses_an_email_over_254_characters(client: Client) -> None:
    status, page = sign_up(client, email=email_of(60_000))

    assert status == 422
    assert EMAIL_TOO_LONG in page


def test_a_password_reset_for_an_email_over_254_characters_is_refused_plainly(
    client: Client,
) -> None:
    response = client.post(reverse("password_reset"), {"email": email_of(60_000)})

    assert response.status_code == 200
    assert EMAIL_TOO_LONG in response.content.decode()


def reset_form_url(client: Client, person: User) -> str:
    client.post(reverse("password_reset"), {"email": person.email})
    found = re.search(r"(/accounts/reset/[^/]+/[^/]+/)", str(mail.outbox[-1].body))
    assert found is not None
    return str(client.get(found.group(1))["Location"])  # the token swapped for a session key


def test_a_new_password_over_4096_characters_is_refused_on_the_reset_page(
    client: Client,
) -> None:
    person = patient()
    long = "n" * 4097

    response = client.post(
        reset_form_url(client, person), {"new_password1": long, "new_password2": long}
    )

    assert response.status_code == 200
    assert NEW_PASSWORD_TOO_LONG in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_changed_password_over_4096_characters_is_refused(client: Client) -> None:
    person = patient()
    client.force_login(person)
    long = "n" * 4097

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": long, "new_password2": long},
    )

    assert response.status_code == 200
    assert NEW_PASSWORD_TOO_LONG in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
