"""The project's URLs plus /bench/bare: the cheapest JSON POST Django can serve here.

It goes through the same middleware as the API, parses the same JSON body and answers with
a small JSON object, so the HTTP benchmark can compare the assessment API with a ceiling.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from spinewise.clinical import ProgrammeStart, Triage
from spinewise.config.urls import (
    handler400,
    handler403,
    handler404,
    handler500,
)
from spinewise.config.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@csrf_exempt  # like the public API, which django-ninja serves without CSRF
@require_POST
def bare_json(request: HttpRequest) -> JsonResponse:
    body = json.loads(request.body)
    return JsonResponse({"ok": True, "answers": len(body.get("answers", {}))}, status=201)


@csrf_exempt
@require_POST
def bare_store(request: HttpRequest) -> JsonResponse:
    """A second, fairer ceiling: parse the body and store it as one assessment row, with no
    rules, no limit and no schema. It shows what durable storage alone costs here."""
    from django.db import transaction

    from spinewise.accounts.clinics import site_clinic
    from spinewise.assessments.models import Assessment

    body = json.loads(request.body)
    with transaction.atomic():
        row = Assessment.objects.create(
            clinic=site_clinic(),
            answers=body.get("answers", {}),
            result={},
            triage=Triage.SELF_CARE,
            programme_start=ProgrammeStart.ALLOWED,
            rules_version="bench",
            questionnaire_version="bench",
            client_hash="bench",
        )
    return JsonResponse({"id": row.public_id}, status=201)


urlpatterns = [
    path("bench/bare", bare_json),
    path("bench/bare-store", bare_store),
    *project_urlpatterns,
]
