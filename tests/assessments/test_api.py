import json
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from spinewise import clinical
from spinewise.assessments import questionnaire
from spinewise.assessments.api import AssessmentOut
from spinewise.assessments.models import Assessment
from tests.assessments.answers import self_care
from tests.responses import Response

pytestmark = pytest.mark.django_db
URL = "/api/v1/assessments"
CONTRACT_KEYS = {
    "id",
    "triage",
    "programme_start",
    "red_flags",
    "risk",
    "disability",
    "pattern",
    "next_steps",
    "reasons",
}


def post(client: Client, body: object, **extra: Any) -> Response:
    return client.post(URL, json.dumps(body), content_type="application/json", **extra)


def test_valid_answers_return_201_with_the_contract_shape(client: Client) -> None:
    response = post(client, {"answers": self_care()})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == CONTRACT_KEYS
    assert body["triage"] == "self_care"
    assert body["programme_start"] == "allowed"
    assert set(body["risk"]) == {"total", "psychosocial", "group", "care_pathway"}
    assert set(body["disability"]) == {"score_pct", "band", "answered"}
    assert set(body["pattern"]) == {"pain_pattern", "directional_preference"}


def test_http_result_matches_the_python_api(client: Client) -> None:
    body = post(client, {"answers": self_care()}).json()
    body.pop("id")
    assert body == clinical.assess(self_care()).to_dict()


@pytest.mark.parametrize(
    "answers",
    [
        self_care(),
        self_care(rf_bladder_change=True),
        self_care(rf_cancer_history=True),
        self_care(age=70, first_episode=True, leg_symptoms="below_knee"),
        {k: v for k, v in self_care().items() if not k.startswith(("sb_", "odi_"))},
    ],
    ids=["self_care", "emergency", "urgent", "review", "required_only"],
)
def test_every_201_body_fits_the_published_response_schema(
    client: Client, answers: dict[str, Any]
) -> None:
    # The endpoint sends the result without re-validating it (bench/RESULTS.md); this is
    # what keeps the body and the OpenAPI schema from drifting apart.
    body = post(client, {"answers": answers}).json()

    assert AssessmentOut.model_validate(body).model_dump(mode="json") == body


def test_result_is_stored_with_rules_and_questionnaire_versions(client: Client) -> None:
    body = post(client, {"answers": self_care()}).json()
    stored = Assessment.objects.get(public_id=body["id"])
    assert stored.rules_version == clinical.RULES_VERSION
    assert stored.questionnaire_version == questionnaire.load().version
    assert stored.answers == self_care()
    assert stored.patient is None


def test_bladder_change_is_an_emergency_and_blocks_the_programme(client: Client) -> None:
    body = post(client, {"answers": self_care(rf_bladder_change=True)}).json()
    assert body["triage"] == "emergency"
    assert body["programme_start"] == "blocked"
    assert {"code": "rf_bladder_change", "condition": "cauda_equina", "level": "emergency"} in body[
        "red_flags"
    ]


def test_missing_required_items_are_named_and_nothing_is_stored(client: Client) -> None:
    answers = self_care()
    del answers["age"], answers["rf_fever"]
    response = post(client, {"answers": answers})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"age", "rf_fever"} <= fields
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("age", 15), ("age", "forty"), ("pain_now", 11), ("rf_fever", 1), ("duration", "years")],
)
def test_bad_values_are_named_with_a_plain_message(
    client: Client, field: str, value: object
) -> None:
    response = post(client, {"answers": self_care(**{field: value})})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert errors[0]["message"]


def test_unknown_codes_are_rejected(client: Client) -> None:
    response = post(client, {"answers": self_care(favourite_colour="blue")})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "favourite_colour"


def test_malformed_json_is_a_400_naming_the_body_in_plain_words(
    client: Client, settings: Settings
) -> None:
    settings.DEBUG = True  # even then, no parser detail meant for developers

    response = client.post(URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "We could not read the request: the body must be valid JSON.",
        "errors": [
            {
                "field": "body",
                "message": "This is not valid JSON. Check the brackets, quotes and commas.",
            }
        ],
    }
    assert not Assessment.objects.exists()


def test_the_400_for_an_unreadable_body_is_in_the_openapi_schema(client: Client) -> None:
    responses = client.get("/api/v1/openapi.json").json()["paths"][URL]["post"]["responses"]

    assert {"201", "400", "422", "429"} <= set(responses)


def test_answers_that_are_not_an_object_are_rejected(client: Client) -> None:
    response = post(client, {"answers": [1, 2, 3]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "answers"


def test_unknown_clinic_is_named(client: Client) -> None:
    response = post(client, {"answers": self_care(), "clinic": "nowhere"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "clinic"


def test_too_many_from_one_address_get_429(client: Client, settings: Settings) -> None:
    settings.ASSESSMENTS_PER_HOUR = 2
    for _ in range(2):
        assert post(client, {"answers": self_care()}).status_code == 201
    response = post(client, {"answers": self_care()})
    assert response.status_code == 429
    assert "wait" in response.json()["message"]


def test_invalid_submissions_do_not_count_toward_the_limit(
    client: Client, settings: Settings
) -> None:
    settings.ASSESSMENTS_PER_HOUR = 1
    post(client, {"answers": {"age": 3}})
    assert post(client, {"answers": self_care()}).status_code == 201


def test_another_address_has_its_own_limit(client: Client, settings: Settings) -> None:
    settings.ASSESSMENTS_PER_HOUR = 1
    post(client, {"answers": self_care()})
    assert post(client, {"answers": self_care()}, REMOTE_ADDR="198.51.100.7").status_code == 201


def test_openapi_schema_documents_the_endpoint(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/assessments" in schema["paths"]


def test_api_docs_page_uses_no_cdn(client: Client) -> None:
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in page.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in page


def test_a_result_and_an_error_are_sent_as_the_same_content_type(client: Client) -> None:
    created = post(client, {"answers": self_care()})
    refused = post(client, {"answers": {}})

    assert created["Content-Type"] == refused["Content-Type"] == "application/json; charset=utf-8"
