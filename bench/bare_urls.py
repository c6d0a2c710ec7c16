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


urlpatterns = [path("bench/bare", bare_json), *project_urlpatterns]
