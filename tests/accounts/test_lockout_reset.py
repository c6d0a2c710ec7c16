"""Anyone can lock an account with wrong passwords; its owner unlocks it at once with a
password reset (issue 11, finding 8c), and the lockout page says so."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from spinewise.accounts.models import User
from spinewise.audit.models import AuditEntry
from tests.factories import PASSWORD, patient

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "tall-oak-meadow-4"
UNLOCKED_DETAIL = "sign-in lock cleared by password reset"


def sign_in(client: Client, email: str, password: str) -> int:
    return client.post(reverse("login"), {"username": email, "password": password}).status_code


def lock(client: Client, settings: Settings, person: User) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, person.email, "wrong")


def reset_password(client: Client, person: User, password: str = NEW_PASSWORD) -> None:
    """Ask for a reset, open the emailed link and choose a new password, as the owner does."""
    client.post(reverse("password_reset"), {"email": person.email})
    found = re.search(r"(/accounts/reset/[^/]+/[^/]+/)", str(mail.outbox[-1].body))
    assert found is not None
    form_url = client.get(found.group(1))["Location"]
    done = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert done.status_code == 302


def lockout_page(client: Client, person: User) -> str:
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 429
    return response.content.decode()


def test_the_lockout_page_says_a_password_reset_unlocks_it_now(
    client: Client, settings: Settings
) -> None:
    person = patient()
    lock(client, settings, person)

    page = lockout_page(client, person)

    assert "Reset your password</a> to unlock it now" in page
    assert reverse("password_reset") in page


def test_the_lockout_page_gives_the_whole_pause_just_after_locking(
    client: Client, settings: Settings
) -> None:
    person = patient()
    lock(client, settings, person)

    page = lockout_page(client, person)

    assert "or wait 30 minutes and try again" in page


def test_the_lockout_page_counts_down_the_minutes_left(client: Client, settings: Settings) -> None:
    person = patient()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        lock(client, settings, person)
        traveller.shift(timedelta(minutes=10, seconds=30))

        page = lockout_page(client, person)

    assert "or wait 20 minutes and try again" in page


def test_completing_a_password_reset_unlocks_sign_in_at_once(
    client: Client, settings: Settings
) -> None:
    person = patient()
    lock(client, settings, person)

    reset_password(client, person)

    assert sign_in(client, person.email, NEW_PASSWORD) == 302


def test_clearing_a_lock_by_password_reset_is_audited(client: Client, settings: Settings) -> None:
    person = patient()
    lock(client, settings, person)

    reset_password(client, person)

    entry = AuditEntry.objects.get(detail=UNLOCKED_DETAIL)
    assert (entry.actor, entry.action, entry.object_id) == (person, "update", str(person.pk))
    assert entry.ip_address == "127.0.0.1"


def test_a_password_reset_with_no_lock_writes_no_lock_entry(client: Client) -> None:
    person = patient()

    reset_password(client, person)

    assert not AuditEntry.objects.filter(detail=UNLOCKED_DETAIL).exists()


def test_a_password_reset_forgets_earlier_wrong_passwords(
    client: Client, settings: Settings
) -> None:
    person = patient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, person.email, "wrong")
    reset_password(client, person)

    sign_in(client, person.email, "wrong again")

    assert sign_in(client, person.email, NEW_PASSWORD) == 302


def test_only_asking_for_a_reset_leaves_the_lock_in_place(
    client: Client, settings: Settings
) -> None:
    person = patient()
    lock(client, settings, person)

    client.post(reverse("password_reset"), {"email": person.email})

    assert sign_in(client, person.email, PASSWORD) == 429


def test_a_lock_on_another_account_stays(client: Client, settings: Settings) -> None:
    person, other = patient(), patient()
    lock(client, settings, person)
    lock(client, settings, other)

    reset_password(client, person)

    assert sign_in(client, other.email, PASSWORD) == 429


def test_trying_again_while_locked_does_not_restart_the_pause(
    client: Client, settings: Settings
) -> None:
    person = patient()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        lock(client, settings, person)
        traveller.shift(timedelta(minutes=10))
        lockout_page(client, person)
        traveller.shift(timedelta(minutes=20, seconds=1))

        assert sign_in(client, person.email, PASSWORD) == 302
