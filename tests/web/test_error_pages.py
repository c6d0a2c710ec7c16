"""Errors a view lets through become our own pages (spinewise/web/errors.py), so a service's
refusal never shows as a 500 and its message is the one the person reads."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.test import RequestFactory

from spinewise.errors import NotAllowed, NotFound, Refused, TooManyRequests
from spinewise.web.errors import ErrorPagesMiddleware

pytestmark = pytest.mark.django_db


def middleware() -> ErrorPagesMiddleware:
    return ErrorPagesMiddleware(lambda request: pytest.fail("the view is not called"))


def a_request() -> HttpRequest:
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    return request


def test_a_refusal_is_a_page_with_its_status_and_message() -> None:
    response = middleware().process_exception(a_request(), Refused("This plan is already paused."))
    assert response is not None
    assert response.status_code == 409
    assert "This plan is already paused." in response.content.decode()


def test_too_many_requests_is_a_429_page() -> None:
    error = TooManyRequests("Please wait a while.")
    response = middleware().process_exception(a_request(), error)
    assert response is not None and response.status_code == 429


def test_not_found_becomes_djangos_404() -> None:
    with pytest.raises(Http404):
        middleware().process_exception(a_request(), NotFound())


def test_not_allowed_becomes_djangos_403() -> None:
    with pytest.raises(PermissionDenied):
        middleware().process_exception(a_request(), NotAllowed("No."))


def test_other_exceptions_are_left_to_django() -> None:
    error = ValueError("a bug")
    assert middleware().process_exception(a_request(), error) is None
