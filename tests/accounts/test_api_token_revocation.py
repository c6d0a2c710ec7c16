"""A revoked API key stays revoked: not through the admin, save() or a queryset update."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.test import Client
from django.urls import reverse

from spinewise.accounts.models import ApiToken, Clinic, User
from spinewise.accounts.tokens import create_token, revoke
from tests.factories import ClinicFactory, clinic_admin, patient

pytestmark = pytest.mark.django_db
MINE = "/api/v1/programmes/mine"


def api_status(key: str) -> int:
    """The answer to the key alone: a fresh client, so no admin's session comes along."""
    return Client().get(MINE, HTTP_AUTHORIZATION=f"Bearer {key}").status_code


@pytest.fixture
def clinic() -> Clinic:
    return ClinicFactory.create()


@pytest.fixture
def owner(clinic: Clinic) -> User:
    return patient(clinic)


@pytest.fixture
def revoked(owner: User) -> tuple[ApiToken, str]:
    token, key = create_token(owner, "My app")
    revoke(token)
    return token, key


def change_url(token: ApiToken) -> str:
    return reverse("admin:accounts_apitoken_change", args=[token.pk])


def cleared_form() -> dict[str, str]:
    """The change form as posted with "Revoked at" emptied and the name changed."""
    return {
        "name": "Renamed",
        "expires_at_0": "",
        "expires_at_1": "",
        "revoked_at_0": "",
        "revoked_at_1": "",
    }


def test_a_key_in_use_answers_as_its_owner(owner: User) -> None:
    _, key = create_token(owner, "My app")
    assert api_status(key) == 404  # signed in; no plan yet


def test_clearing_revoked_at_in_the_admin_does_not_bring_the_key_back(
    client: Client, clinic: Clinic, revoked: tuple[ApiToken, str]
) -> None:
    token, key = revoked
    client.force_login(clinic_admin(clinic))
    response = client.post(change_url(token), cleared_form())
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_status(key) == 401


def test_a_revoked_keys_revoked_at_is_read_only_in_the_admin(
    client: Client, clinic: Clinic, revoked: tuple[ApiToken, str]
) -> None:
    token, _ = revoked
    client.force_login(clinic_admin(clinic))
    form = client.get(change_url(token)).context["adminform"].form
    assert "revoked_at" not in form.fields
    assert "name" in form.fields


def test_a_key_in_use_can_be_revoked_in_the_admin_form(
    client: Client, clinic: Clinic, owner: User
) -> None:
    token, key = create_token(owner, "My app")
    client.force_login(clinic_admin(clinic))
    form = {**cleared_form(), "revoked_at_0": "2026-01-05", "revoked_at_1": "09:00:00"}
    assert client.post(change_url(token), form).status_code == 302
    assert api_status(key) == 401


def test_an_admin_form_opened_before_the_revocation_does_not_bring_the_key_back(
    client: Client, clinic: Clinic, owner: User
) -> None:
    token, key = create_token(owner, "My app")
    client.force_login(clinic_admin(clinic))
    assert "revoked_at" in client.get(change_url(token)).context["adminform"].form.fields
    revoke(token)  # by someone else, while the form is open
    client.post(change_url(token), cleared_form())
    assert api_status(key) == 401


def test_save_refuses_to_clear_revoked_at(revoked: tuple[ApiToken, str]) -> None:
    token, _ = revoked
    token.revoked_at = None
    with pytest.raises(ValidationError, match="A revoked key stays revoked"):
        token.save()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_save_refuses_to_change_revoked_at(revoked: tuple[ApiToken, str]) -> None:
    token, _ = revoked
    first = token.revoked_at
    assert first is not None
    token.revoked_at = first + timedelta(days=1)
    with pytest.raises(ValidationError):
        token.save(update_fields=["revoked_at"])
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_a_copy_loaded_before_the_revocation_cannot_be_saved_over_it(owner: User) -> None:
    token, _ = create_token(owner, "My app")
    stale = ApiToken.objects.get(pk=token.pk)
    revoke(token)
    stale.name = "Renamed"
    with pytest.raises(ValidationError):
        stale.save()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_save_still_changes_a_revoked_keys_other_fields(revoked: tuple[ApiToken, str]) -> None:
    token, _ = revoked
    token.name = "Old phone system"
    token.save()
    assert ApiToken.objects.get(pk=token.pk).name == "Old phone system"


def test_a_queryset_update_refuses_to_clear_revoked_at(revoked: tuple[ApiToken, str]) -> None:
    token, _ = revoked
    with pytest.raises(ValidationError, match="A revoked key stays revoked"):
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=None)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_queryset_update_refuses_to_clear_revoked_at_with_an_expression(
    revoked: tuple[ApiToken, str],
) -> None:
    token, _ = revoked
    with pytest.raises(ValidationError):
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=Value(None))


def test_a_queryset_update_keeps_a_keys_first_revocation_time(
    revoked: tuple[ApiToken, str],
) -> None:
    token, _ = revoked
    first = token.revoked_at
    assert first is not None
    assert ApiToken.objects.filter(pk=token.pk).update(revoked_at=first + timedelta(days=1)) == 0
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_a_queryset_update_revokes_keys_not_yet_revoked(owner: User) -> None:
    token, _ = create_token(owner, "My app")
    ApiToken.objects.filter(user=owner).update(revoked_at=token.created_at)
    assert ApiToken.objects.get(pk=token.pk).revoked_at == token.created_at


def test_revoking_a_copy_loaded_before_the_revocation_keeps_the_first_time(owner: User) -> None:
    token, _ = create_token(owner, "My app")
    stale = ApiToken.objects.get(pk=token.pk)
    revoke(token)
    revoke(stale)
    assert stale.revoked_at == token.revoked_at
    assert ApiToken.objects.get(pk=token.pk).revoked_at == token.revoked_at


def test_a_queryset_update_of_other_fields_still_works(revoked: tuple[ApiToken, str]) -> None:
    token, _ = revoked
    assert ApiToken.objects.filter(pk=token.pk).update(name="Renamed") == 1
