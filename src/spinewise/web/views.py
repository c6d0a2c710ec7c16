from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/csrf_failure.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the database may be what failed.
    return HttpResponse(get_template("500.html").render({}), status=500)
