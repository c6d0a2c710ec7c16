"""API tokens: a bearer key acts as its owner, with exactly the owner's rights."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from time_machine import TimeMachineFixture

from spinewise.accounts.models import ApiToken, Clinic
from spinewise.accounts.tokens import create_token, revoke
from tests.consultations.helpers import make_request
from tests.factories import ClinicFactory, patient, staff

pytestmark = pytest.mark.django_db
QUEUE = "/api/v1/consultations/queue"


def bearer(key: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def clinic() -> Clinic:
    return ClinicFactory.create()


def test_a_valid_key_reaches_the_queue_as_its_owner(client: Client, clinic: Clinic) -> None:
    make_request(clinic)
    _, key = create_token(staff(clinic), "Reports")
    response = client.get(QUEUE, **bearer(key))
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_key_can_change_data_without_a_csrf_token(clinic: Clinic) -> None:
    from django.test import Client

    consultation = make_request(clinic)
    _, key = create_token(staff(clinic), "Phone system")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"{QUEUE}/{consultation.public_id}/notes",
        '{"note": "Logged by the phone system."}',
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 200


def test_a_key_has_no_more_rights_than_its_owner(client: Client, clinic: Clinic) -> None:
    consultation = make_request(clinic)
    _, key = create_token(staff(ClinicFactory.create()), "Other clinic")
    assert client.get(f"{QUEUE}/{consultation.public_id}", **bearer(key)).status_code == 404


def test_a_patients_key_cannot_open_the_queue(client: Client, clinic: Clinic) -> None:
    _, key = create_token(patient(clinic), "My app")
    assert client.get(QUEUE, **bearer(key)).status_code == 403


@pytest.mark.parametrize("key", ["", "nonsense", "sw_abc_def", "sw__"])
def test_a_made_up_key_is_refused_with_401(client: Client, key: str) -> None:
    response = client.get(QUEUE, **bearer(key))
    assert response.status_code == 401
    assert response.json() == {"message": "Please sign in first."}


def test_a_key_with_a_wrong_secret_is_refused(client: Client, clinic: Clinic) -> None:
    _, key = create_token(staff(clinic), "Reports")
    assert client.get(QUEUE, **bearer(key[:-2] + "xx")).status_code == 401


def test_a_revoked_key_is_refused(client: Client, clinic: Clinic) -> None:
    token, key = create_token(staff(clinic), "Reports")
    revoke(token)
    assert client.get(QUEUE, **bearer(key)).status_code == 401


def test_an_expired_key_is_refused(
    client: Client, clinic: Clinic, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to("2026-11-24 10:00Z")
    _, key = create_token(staff(clinic), "Reports", expires_in_days=1)
    time_machine.move_to("2026-11-25 10:01Z")
    assert client.get(QUEUE, **bearer(key)).status_code == 401


def test_the_key_of_a_deactivated_person_is_refused(client: Client, clinic: Clinic) -> None:
    person = staff(clinic)
    _, key = create_token(person, "Reports")
    person.is_active = False
    person.save()
    assert client.get(QUEUE, **bearer(key)).status_code == 401


def test_only_a_hash_of_the_key_is_stored(clinic: Clinic) -> None:
    token, key = create_token(staff(clinic), "Reports")
    token.refresh_from_db()
    assert key not in {token.key_hash, token.prefix}
    assert key.startswith(f"sw_{token.prefix}_")


def test_using_a_key_records_when_it_was_last_used(client: Client, clinic: Clinic) -> None:
    token, key = create_token(staff(clinic), "Reports")
    client.get(QUEUE, **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)


def test_the_command_prints_a_working_key_once(client: Client, clinic: Clinic) -> None:
    person = staff(clinic, email="desk@clinic.example")
    out = io.StringIO()
    call_command("create_api_token", "DESK@clinic.example", "--name", "Reports", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get().user == person
    assert client.get(QUEUE, **bearer(key)).status_code == 200


def test_the_command_explains_an_unknown_email(clinic: Clinic) -> None:
    with pytest.raises(CommandError, match="No active account"):
        call_command("create_api_token", "nobody@example.org", stdout=io.StringIO())


def test_a_patients_key_reaches_their_own_programme_api(client: Client, clinic: Clinic) -> None:
    _, key = create_token(patient(clinic), "My app")
    response = client.get("/api/v1/programmes/mine", **bearer(key))
    assert response.status_code == 404  # signed in: they simply have no plan yet
    assert response.json() == {"message": "You do not have a plan yet."}
