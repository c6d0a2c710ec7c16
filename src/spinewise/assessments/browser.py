"""What this browser remembers of the checks taken in it: the edge's business, so the
services are handed the ids as a plain value."""

from __future__ import annotations

from django.http import HttpRequest

from spinewise.assessments.models import Assessment

SESSION_KEY = "my_assessments"  # ids an anonymous person took in this browser
KEEP = 20


def taken_here(request: HttpRequest) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))


def remember(request: HttpRequest, assessment: Assessment) -> None:
    request.session[SESSION_KEY] = [*taken_here(request)[-(KEEP - 1) :], assessment.public_id]
