"""The pages' side of the error family: one helper for forms, one middleware for the rest.

A view that shows a form catches `SpinewiseError` and hands it to `show_on_form`, so the
person sees each message beside what they typed, and keeps it. Anything a view does not
catch reaches `ErrorPagesMiddleware`, which answers with our own page for that status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from spinewise.errors import NotAllowed, NotFound, SpinewiseError

NO_RENAMES: Mapping[str, str] = {}


def show_on_form(
    form: forms.Form, error: SpinewiseError, *, fields: Mapping[str, str] = NO_RENAMES
) -> None:
    """Put each message beside the field it names (`fields` maps the service's field name
    to the form's where they differ), or at the top of the form when it names none."""
    if not error.errors:
        form.add_error(None, error.message)
        return
    for problem in error.errors:
        name = fields.get(problem["field"], problem["field"])
        form.add_error(name if name in form.fields else None, problem["message"])


class ErrorPagesMiddleware:
    """Turn an error a view let through into the page for its status: Django's own 404
    and 403 pages, or a plain page with the message for the others."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
        if isinstance(exception, NotAllowed):
            raise PermissionDenied(exception.message) from exception
        if isinstance(exception, SpinewiseError):
            context = {"message": exception.message}
            return render(request, "web/error.html", context, status=exception.status)
        return None
