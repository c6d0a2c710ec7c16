"""What the production probe sent the API, each a regression test (issue 11, findings 1, 6
and 7). They run on SQLite and, in CI, on PostgreSQL, where a NUL in text was a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from spinewise.accounts.tokens import create_token
from spinewise.api.parsing import NUL_MESSAGE
from spinewise.programmes.models import Programme
from tests.api.calls import call
from tests.assessments.answers import self_care
from tests.consultations.helpers import make_request, valid
from tests.factories import ClinicFactory, clinician, staff
from tests.programmes.helpers import assessed_patient, programme_for

pytestmark = pytest.mark.django_db
NUL = "\x00"


send = call  # every request here is a JSON one


def names_the_field(response: Any, field: str) -> bool:
    errors = response.json().get("errors", [])
    return response.status_code == 422 and {"field": field, "message": NUL_MESSAGE} in errors


# Finding 1: a NUL in any text, anywhere in a request, is a plain 4xx naming the field.


@pytest.mark.parametrize("field", ["name", "reason", "assessment_id"])
def test_a_nul_in_a_call_request_names_the_field(client: Client, field: str) -> None:
    response = send(client, "post", "/api/v1/consultations", valid(**{field: f"a{NUL}b"}))
    assert names_the_field(response, field)


def test_a_nul_in_the_assessment_clinic_names_the_field(client: Client) -> None:
    body = {"answers": self_care(), "clinic": NUL}
    assert names_the_field(send(client, "post", "/api/v1/assessments", body), "clinic")


def test_a_nul_deep_in_the_answers_names_its_path(client: Client) -> None:
    body = {"answers": {**self_care(), "duration": f"lt_6w{NUL}"}}
    response = send(client, "post", "/api/v1/assessments", body)
    assert names_the_field(response, "answers.duration")


def test_a_nul_in_a_name_of_the_body_is_refused_too(client: Client) -> None:
    response = send(client, "post", "/api/v1/assessments", {"answers": {f"age{NUL}": 40}})
    assert names_the_field(response, "answers.age")


def test_a_nul_in_the_plan_request_names_the_assessment_id(client: Client) -> None:
    person, _ = assessed_patient()
    client.force_login(person)
    response = send(client, "post", "/api/v1/programmes", {"assessment_id": NUL})
    assert names_the_field(response, "assessment_id")


def test_a_nul_in_a_query_string_names_the_parameter(client: Client) -> None:
    client.force_login(clinician())
    assert names_the_field(client.get("/api/v1/programmes?status=%00"), "status")


@pytest.mark.parametrize(
    "url", ["/api/v1/exercises/%00", "/api/v1/consultations/queue/%00", "/api/v1/x%00y"]
)
def test_a_nul_in_a_path_is_a_plain_json_404(client: Client, url: str) -> None:
    client.force_login(staff())
    response = client.get(url)
    assert (response.status_code, response.json()) == (404, {"message": "Not found."})


@pytest.mark.parametrize("action", ["notes", "attempts"])
def test_a_nul_in_a_queue_note_names_the_note(client: Client, action: str) -> None:
    clinic = ClinicFactory.create()
    consultation = make_request(clinic)
    client.force_login(staff(clinic))
    body = {"note": f"rang{NUL}", "outcome": "no_answer"}
    url = f"/api/v1/consultations/queue/{consultation.public_id}/{action}"
    assert names_the_field(send(client, "post", url, body), "note")


@pytest.mark.parametrize(("action", "field"), [("approve", "note"), ("pause", "reason")])
def test_a_nul_in_a_plan_change_names_the_field(client: Client, action: str, field: str) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    url = f"/api/v1/programmes/{programme.pk}/{action}"
    assert names_the_field(send(client, "post", url, {field: NUL}), field)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE


def test_a_nul_in_an_exercise_swap_names_the_exercise(client: Client) -> None:
    programme = programme_for()
    item = programme.items.first()
    assert item is not None
    client.force_login(clinician(programme.clinic))
    url = f"/api/v1/programmes/{programme.pk}/items/{item.pk}"
    assert names_the_field(send(client, "patch", url, {"exercise": NUL}), "exercise")


def test_a_nul_in_the_session_cookie_is_no_session_not_a_500(client: Client) -> None:
    client.cookies["sessionid"] = f"abc{NUL}def"
    response = client.get("/api/v1/programmes/mine")
    assert (response.status_code, response.json()) == (401, {"message": "Please sign in first."})


# Finding 6: no key or a bad key is the documented 401; unknown paths answer JSON.


def test_a_change_with_no_key_is_401_not_a_csrf_403() -> None:
    client = Client(enforce_csrf_checks=True)
    response = send(client, "post", "/api/v1/programmes")
    assert (response.status_code, response.json()) == (401, {"message": "Please sign in first."})


def test_a_change_with_a_bad_key_is_401() -> None:
    client = Client(enforce_csrf_checks=True, headers={"Authorization": "Bearer sw_nope_nope"})
    response = send(client, "post", "/api/v1/programmes")
    assert response.status_code == 401


def test_a_signed_in_session_still_needs_its_csrf_token_for_a_change() -> None:
    client = Client(enforce_csrf_checks=True)
    person, _ = assessed_patient()
    client.force_login(person)
    assert send(client, "post", "/api/v1/programmes").status_code == 403


def test_a_good_key_needs_no_csrf_token() -> None:
    person, _ = assessed_patient()
    _, key = create_token(person, "script")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
    response = send(client, "post", "/api/v1/programmes")
    assert response.status_code == 409  # the safety advice comes first: reached the service


def test_an_unknown_api_path_is_a_json_404(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response["Content-Type"].startswith("application/json")
    assert (response.status_code, response.json()) == (404, {"message": "Not found."})


# Finding 7: a body that is not a JSON object, or names what the request does not take.


@pytest.mark.parametrize("body", ["42", "null", "[]", '"text"'])
def test_a_body_that_is_not_an_object_is_422(client: Client, body: str) -> None:
    programme = programme_for()
    item = programme.items.first()
    assert item is not None
    client.force_login(clinician(programme.clinic))
    url = f"/api/v1/programmes/{programme.pk}/items/{item.pk}"
    response = send(client, "patch", url, body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body", "message": "The request body must be a JSON object."}
    ]


def test_a_misspelt_name_on_the_assessment_is_422_naming_it(client: Client) -> None:
    response = send(client, "post", "/api/v1/assessments", {"answer": self_care()})
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"answers", "answer"}


def test_every_operation_lists_the_errors_it_can_give(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            listed = set(operation["responses"])
            if operation.get("security"):
                assert "401" in listed, (method, path)
            if "requestBody" in operation:
                assert {"400", "422"} <= listed, (method, path)
            if "{" in path:
                assert "404" in listed, (method, path)
