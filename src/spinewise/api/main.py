"""The HTTP API under /api/v1/: thin routers over the apps' service functions.

OpenAPI schema at /api/v1/openapi.json, browsable docs at /api/v1/docs.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from spinewise.api.errors import plain_validation_errors
from spinewise.api.openapi import DocumentedAPI
from spinewise.api.parsing import PlainParser
from spinewise.assessments.api import router as assessments_router
from spinewise.consultations.api import router as consultations_router
from spinewise.errors import SpinewiseError
from spinewise.exercises.api import router as exercises_router
from spinewise.programmes.api import router as programmes_router

UNREADABLE_BODY = {
    "message": "We could not read the request: the body must be valid JSON.",
    "errors": [
        {
            "field": "body",
            "message": "This is not valid JSON. Check the brackets, quotes and commas.",
        }
    ],
}

api = DocumentedAPI(
    title="Spinewise API",
    version="1.0.0",
    urls_namespace="api",
    parser=PlainParser(),
    description=(
        "Public back-pain assessment and consultation requests, and, for signed-in patients, "
        "clinicians and staff, everything the pages can do. Errors are JSON with a plain "
        "`message`; invalid input is a 422 that names each field."
    ),
)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, plain_validation_errors(exc.errors), status=422)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"message": "Please sign in first."}, status=401)


@api.exception_handler(SpinewiseError)
def on_service_error(request: HttpRequest, exc: SpinewiseError) -> HttpResponse:
    # The one translation of the services' errors for the API; pages have spinewise.web.errors.
    return api.create_response(request, exc.body(), status=exc.status)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Out of reach and missing look the same, so nobody learns what exists.
    return api.create_response(request, {"message": "Not found."}, status=404)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, SpinewiseError):  # our parser refused what it read
        return on_service_error(request, exc.__cause__)
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        # django-ninja's words (with the parser's detail when DEBUG is on) are for developers.
        return api.create_response(request, UNREADABLE_BODY, status=400)
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)


api.add_router("/assessments", assessments_router)
api.add_router("/consultations", consultations_router)
api.add_router("/exercises", exercises_router)
api.add_router("/programmes", programmes_router)
