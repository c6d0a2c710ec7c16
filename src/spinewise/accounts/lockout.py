"""Login lockout (django-axes) counts failures per email, whatever its case."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

# Axes keeps at most this much of a name (its column's size); the sign-in forms refuse longer
# emails first, so this only guards a caller that skipped them.
LONGEST_NAME = 255


def login_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    raw = (credentials or {}).get("username") or request.POST.get("username")
    return str(raw).strip().lower()[:LONGEST_NAME] if raw else None
