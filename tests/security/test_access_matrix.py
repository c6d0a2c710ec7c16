"""The access-control matrix, generated from the URL configuration, the API's schema and the
admin's registry: every route that takes an id, tried by every role of clinic A against
another patient of clinic A and a patient of clinic B.

A cell passes when the answer refuses (a 404, or the sign-in page / 401 when signed out, or
the admin's own redirect) and the body carries none of the target's data, unless the role
may see that record by the access rules (docs/security.md): then it is not a leak cell.

New routes are covered from their first day: a route whose id this file cannot fill fails
`test_every_route_with_an_id_is_in_the_matrix` until it is filled here or listed in
PUBLIC_ON_PURPOSE, the one place that says why a route is open to anyone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from spinewise.accounts.models import ApiToken, Clinic, Membership, Role, User
from spinewise.accounts.tokens import create_token
from spinewise.api.main import api
from spinewise.assessments.models import Assessment
from spinewise.audit.models import Action, AuditEntry
from spinewise.audit.services import record
from spinewise.consultations.models import ConsultationRequest
from spinewise.programmes.models import Programme
from tests.consultations.helpers import make_request
from tests.factories import ClinicFactory, clinic_admin, clinician, staff
from tests.programmes.helpers import programme_for
from tests.security.conftest import MATRIX_COUNTS

pytestmark = pytest.mark.django_db

# Routes open to anyone on purpose, and why. Everything else with an id is in the matrix.
PUBLIC_ON_PURPOSE = {
    "exercises:detail": "the exercise library is public clinical content, no patient data",
    "assessments:step": "a question screen by number; the answers live in this browser's session",
    "password_reset_confirm": "guarded by a one-time signed token, whoever opens it",
    "signup_finish": "guarded by a one-time signed token sent to the address, whoever opens it",
    "api:exercise_detail": "the public exercise library, as on the pages",
    "admin:app_list": "a list of the admin's own models, by app name",
    "admin:view_on_site": "redirects only to a record's public page; none of ours has one",
}
ROLES = ("signed_out", Role.PATIENT, Role.STAFF, Role.CLINICIAN, Role.CLINIC_ADMIN)
TARGETS = ("same_clinic", "other_clinic")
# Who may see which kind of record of another patient at their own clinic (accounts/access.py).
MAY_SEE_AT_OWN_CLINIC: dict[str, set[str]] = {
    Role.CLINICIAN: {"clinical", "contact"},
    Role.CLINIC_ADMIN: {"clinical", "contact"},
    Role.STAFF: {"contact"},
}


@dataclass
class Target:
    """One patient and their records: what the matrix tries to reach."""

    patient: User
    clinic: Clinic
    programme: Programme
    assessment: Assessment
    consultation: ConsultationRequest
    audit_entry: AuditEntry
    token: ApiToken
    failed_sign_in: AccessAttempt

    @property
    def secrets(self) -> list[str]:
        return [self.patient.full_name, self.patient.email, self.consultation.reason]


def make_target(clinic: Clinic) -> Target:
    programme = programme_for(clinic)
    patient = programme.patient
    assert programme.assessment is not None
    consultation = make_request(
        clinic, name=patient.full_name, reason=f"Private note about {patient.full_name}'s back."
    )
    ConsultationRequest.objects.filter(pk=consultation.pk).update(patient=patient)
    consultation.refresh_from_db()
    entry = record(Action.VIEW, programme, by=None, address=None, patient=patient, clinic=clinic)
    token, _ = create_token(patient, "phone app")
    attempt = AccessAttempt.objects.create(
        username=patient.email, ip_address="203.0.113.5", failures_since_start=1
    )
    return Target(
        patient, clinic, programme, programme.assessment, consultation, entry, token, attempt
    )


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    pattern: str
    params: tuple[str, ...]


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            params = tuple(entry.pattern.regex.groupindex) + tuple(
                re.findall(r"<(?:\w+:)?(\w+)>", prefix)
            )
            if params:
                name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
                yield Route(name, pattern, tuple(dict.fromkeys(params)))


def routes_with_ids() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


# How each kind of id is filled from a target, and what kind of record it reaches.
def _fill(route: Route, target: Target) -> tuple[dict[str, Any], str] | None:
    kwargs: dict[str, Any] = {}
    kind = "clinical"
    for param in route.params:
        if param == "programme_id":
            kwargs[param] = target.programme.pk
        elif param == "item_id":
            item = target.programme.items.first()
            assert item is not None
            kwargs[param] = item.pk
        elif param == "public_id" and route.name.startswith(("consultations:", "api:")):
            kwargs[param] = target.consultation.public_id
            kind = "contact"
        elif param == "public_id" and route.name.startswith("assessments:"):
            kwargs[param] = target.assessment.public_id
        elif param == "action":
            kwargs[param] = "note"
            kind = "contact"
        else:
            return None
    return kwargs, kind


def _admin_record(model: type[Model], target: Target) -> Model | None:
    records: dict[type[Model], Model] = {
        User: target.patient,
        Clinic: target.clinic,
        Membership: target.patient.memberships.get(),
        ConsultationRequest: target.consultation,
        AuditEntry: target.audit_entry,
        ApiToken: target.token,
        AccessAttempt: target.failed_sign_in,
    }
    return records.get(model)


ADMIN_VIEWS = ("change", "history", "delete")
# Admin models that hold no patient data and belong to no clinic: shared clinical content.
ADMIN_SHARED = {
    "exercises.exercise": "the exercise library is shared by every clinic",
    "auth.group": "permission groups: names of roles, no patient data",
    "axes.accesslog": "sign-in history: open to superusers only (checked below)",
    "axes.accessfailurelog": "failed sign-ins: open to superusers only (checked below)",
    "django_tasks_database.dbtaskresult": "the worker's tasks: open to superusers only",
}


def test_every_route_with_an_id_is_in_the_matrix() -> None:
    clinic = ClinicFactory.create()
    target = make_target(clinic)
    unfilled = [
        route.name
        for route in routes_with_ids()
        if not route.pattern.startswith("admin/")
        and route.name not in PUBLIC_ON_PURPOSE
        and _fill(route, target) is None
    ]
    assert unfilled == [], "say in this file how to fill these routes' ids, or why they are public"


def test_every_admin_model_is_in_the_matrix() -> None:
    target = make_target(ClinicFactory.create())
    unmapped = [
        model._meta.label_lower
        for model in admin.site._registry
        if _admin_record(model, target) is None and model._meta.label_lower not in ADMIN_SHARED
    ]
    assert unmapped == []


@pytest.fixture
def world() -> dict[str, Any]:
    clinic_a, clinic_b = ClinicFactory.create(), ClinicFactory.create()
    own = programme_for(clinic_a)  # the patient role's own plan, never a target
    people = {
        Role.PATIENT: own.patient,
        Role.STAFF: staff(clinic_a),
        Role.CLINICIAN: clinician(clinic_a),
        Role.CLINIC_ADMIN: clinic_admin(clinic_a),
    }
    return {
        "people": people,
        "keys": {role: create_token(person, "matrix")[1] for role, person in people.items()},
        "targets": {"same_clinic": make_target(clinic_a), "other_clinic": make_target(clinic_b)},
    }


def _client(world: dict[str, Any], role: str) -> Client:
    client = Client()
    if role != "signed_out":
        client.force_login(world["people"][role])
    return client


def _may_see(role: str, target_name: str, kind: str) -> bool:
    return target_name == "same_clinic" and kind in MAY_SEE_AT_OWN_CLINIC.get(role, set())


def _refused(response: Any, role: str, *, api_call: bool) -> bool:
    status = response.status_code
    if role == "signed_out":
        if api_call:
            return bool(status == 401)
        return status == 404 or (status == 302 and "/accounts/login/" in response["Location"])
    return bool(status == 404 or (status == 405 and not api_call))


def _leaks(response: Any, target: Target) -> bool:
    body = response.content.decode(errors="replace")
    return any(secret and secret in body for secret in target.secrets)


def _tally(refused: bool, leaked: bool) -> None:
    MATRIX_COUNTS["cells"] += 1
    MATRIX_COUNTS["leaks"] += int(leaked)
    MATRIX_COUNTS["not refused"] += int(not refused)


PAGE_ROUTES = [
    r
    for r in routes_with_ids()
    if not r.pattern.startswith(("admin/", "api/")) and r.name not in PUBLIC_ON_PURPOSE
]


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=lambda r: r.name)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target_name", TARGETS)
def test_a_page_refuses_records_out_of_reach(
    world: dict[str, Any], route: Route, role: str, target_name: str
) -> None:
    target: Target = world["targets"][target_name]
    filled = _fill(route, target)
    assert filled is not None
    kwargs, kind = filled
    if _may_see(role, target_name, kind):
        pytest.skip("this role may see this record: not a leak cell")
    url = reverse(route.name, kwargs=kwargs)
    client = _client(world, role)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        refused, leaked = _refused(response, role, api_call=False), _leaks(response, target)
        _tally(refused, leaked)
        assert refused and not leaked, (method, url, response.status_code)


def _api_operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        if "{" not in path:
            continue
        for method, operation in methods.items():
            found.append((method, path, operation))
    return found


def _minimal_body(operation: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The smallest valid body: the lookup is what is tried, not the validation."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return {}
    ref = content["schema"]["$ref"].rsplit("/", 1)[-1]
    model = schema["components"]["schemas"][ref]
    body: dict[str, Any] = {}
    for name in model.get("required", []):
        prop = model["properties"][name]
        options = prop.get("anyOf", [prop])
        first = options[0]
        if "enum" in first:
            body[name] = first["enum"][0]
        elif first.get("format") == "date-time":
            body[name] = (timezone.now() + timedelta(days=1)).isoformat()
        elif first.get("type") == "string":
            body[name] = "A reason"
        elif first.get("type") == "integer":
            body[name] = 1
        elif first.get("type") == "boolean":
            body[name] = True
        else:
            body[name] = None
    return body


API_OPERATIONS = [
    (method, path, operation)
    for method, path, operation in _api_operations()
    if not path.startswith("/api/v1/exercises/")  # api:exercise_detail, public on purpose
]


def _api_fill(path: str, target: Target) -> tuple[str, str]:
    kind = "contact" if "/consultations/" in path else "clinical"
    route = Route(name="api:x", pattern=path, params=tuple(re.findall(r"{(\w+)}", path)))
    filled = _fill(route, target)
    assert filled is not None, f"say in this file how to fill the ids of {path}"
    url = path
    for name, value in filled[0].items():
        url = url.replace("{" + name + "}", str(value))
    return url, kind


@pytest.mark.parametrize(
    ("method", "path", "operation"), API_OPERATIONS, ids=[f"{m} {p}" for m, p, _ in API_OPERATIONS]
)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target_name", TARGETS)
def test_an_api_route_refuses_records_out_of_reach(
    world: dict[str, Any],
    method: str,
    path: str,
    operation: dict[str, Any],
    role: str,
    target_name: str,
) -> None:
    target: Target = world["targets"][target_name]
    url, kind = _api_fill(path, target)
    if _may_see(role, target_name, kind):
        pytest.skip("this role may see this record: not a leak cell")
    headers = {} if role == "signed_out" else {"Authorization": f"Bearer {world['keys'][role]}"}
    client = Client(headers=headers)
    if method == "get":
        response = client.get(url)
    else:
        body = json.dumps(_minimal_body(operation, api.get_openapi_schema()))
        response = getattr(client, method)(url, body, content_type="application/json")
    refused, leaked = _refused(response, role, api_call=True), _leaks(response, target)
    _tally(refused, leaked)
    assert refused and not leaked, (method, url, response.status_code, response.content[:200])


ADMIN_CELLS = [
    (model._meta.label_lower, view)
    for model in admin.site._registry
    if model._meta.label_lower not in ADMIN_SHARED
    for view in ADMIN_VIEWS
]


@pytest.mark.parametrize(("label", "view"), ADMIN_CELLS, ids=[f"{m} {v}" for m, v in ADMIN_CELLS])
@pytest.mark.parametrize("role", (Role.CLINIC_ADMIN, Role.CLINICIAN))
def test_the_admin_refuses_another_clinics_records(
    world: dict[str, Any], label: str, view: str, role: str
) -> None:
    target: Target = world["targets"]["other_clinic"]
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    found = _admin_record(model, target)
    assert found is not None
    app, name = label.split(".")
    url = reverse(f"admin:{app}_{name}_{view}", args=[found.pk])
    client = _client(world, role)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        # The admin answers a record out of reach with a redirect away, a non-admin with its
        # sign-in page, and a model the person has no permission for with 403.
        refused = response.status_code in (302, 403, 404)
        leaked = _leaks(response, target)
        _tally(refused, leaked)
        assert refused and not leaked, (method, url, response.status_code)
        assert model._default_manager.filter(pk=found.pk).exists()  # nothing was deleted


SUPERUSER_ONLY = [label for label, why in ADMIN_SHARED.items() if "superusers only" in why]


@pytest.mark.parametrize("label", SUPERUSER_ONLY)
def test_system_records_in_the_admin_are_for_superusers_only(
    world: dict[str, Any], label: str
) -> None:
    app, name = label.split(".")
    client = _client(world, Role.CLINIC_ADMIN)
    assert client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 403
