"""Login lockout (django-axes): failures counted per email, whatever its case; the owner
unlocks their account at once by resetting their password."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from spinewise.accounts.models import User
from spinewise.audit.models import Action
from spinewise.audit.services import record

# Axes keeps at most this much of a name (its column's size); the sign-in forms refuse longer
# emails first, so this only guards a caller that skipped them.
LONGEST_NAME = 255


def login_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    raw = (credentials or {}).get("username") or request.POST.get("username")
    return str(raw).strip().lower()[:LONGEST_NAME] if raw else None


def cool_off() -> timedelta:
    return get_cool_off() or timedelta(0)


def locked_until(email: str) -> datetime | None:
    """When sign-in opens again for this email, while it is locked; else None."""
    last: datetime | None = (
        AccessAttempt.objects.filter(
            username=email.strip().lower(), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last is None or last + cool_off() <= timezone.now():
        return None
    return last + cool_off()


def minutes_left(email: str | None) -> int:
    """Whole minutes until sign-in opens again (rounded up), or the full pause if unknown."""
    until = locked_until(email) if email else None
    left = until - timezone.now() if until else cool_off()
    return max(1, math.ceil(left.total_seconds() / 60))


def lockout_page(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any]
) -> HttpResponse:
    """What axes shows instead of signing in (AXES_LOCKOUT_CALLABLE)."""
    context = {"minutes": minutes_left(login_email(request, credentials))}
    return render(request, "accounts/locked_out.html", context, status=429)


@transaction.atomic
def clear_after_password_reset(user: User, *, by: User, address: str | None) -> bool:
    """The owner proved they hold the email: their account's failed sign-ins are forgotten,
    and a lock they clear this way is audited. True when it was locked."""
    was_locked = locked_until(user.email) is not None
    reset(username=user.email.strip().lower())
    if was_locked:
        record(
            Action.UPDATE,
            user,
            by=by,
            address=address,
            detail="sign-in lock cleared by password reset",
        )
    return was_locked
