"""The OpenAPI fuzzer as a test: schemathesis sends generated requests, valid and invalid,
to every operation of the published schema, signed out and as each role, through the WSGI
app on the suite's database (SQLite, and PostgreSQL in CI). Every answer must be below 500
and match the schema: its status listed, its body of the listed shape, its content type.

Bounded for CI: FUZZ_EXAMPLES examples per operation and role (default 12), generated from
a fixed seed (derandomized), so a failure comes back the same way. A failure prints the
request that caused it. tests/api/conftest.py prints the counts at the end of the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from spinewise.accounts.models import Role
from spinewise.accounts.tokens import create_token
from spinewise.api.main import api
from spinewise.config.wsgi import application
from tests.api.conftest import FUZZ_COUNTS
from tests.consultations.helpers import make_request
from tests.factories import ClinicFactory, clinic_admin, clinician, staff
from tests.programmes.helpers import programme_for

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
ROLES = ("signed_out", Role.PATIENT, Role.CLINICIAN, Role.STAFF, Role.CLINIC_ADMIN)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application  # in-process WSGI calls: no server, the test's database


@pytest.fixture(autouse=True)
def _one_connection_for_the_test() -> Iterator[None]:
    # As Django's test client does: the app must not close the test's open transaction's
    # connection at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def keys(db: None) -> dict[str, str]:
    """One API key per role at one clinic, with real records for the ids to find."""
    clinic = ClinicFactory.create()
    programme = programme_for(clinic)
    make_request(clinic)
    people = {
        Role.PATIENT: programme.patient,
        Role.CLINICIAN: clinician(clinic),
        Role.STAFF: staff(clinic),
        Role.CLINIC_ADMIN: clinic_admin(clinic),
    }
    return {role: create_token(person, "fuzz")[1] for role, person in people.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_below_500_and_matches_the_schema(
    case: schemathesis.Case[Any], role: str, keys: dict[str, str]
) -> None:
    headers = {} if role == "signed_out" else {"Authorization": f"Bearer {keys[role]}"}
    FUZZ_COUNTS["requests"] += 1
    response = case.call(headers=headers)
    if response.status_code >= 500:
        FUZZ_COUNTS["5xx"] += 1
    case.validate_response(response, checks=CHECKS)
