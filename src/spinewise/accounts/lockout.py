"""Login lockout (django-axes) counts failures per email, whatever its case."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def login_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    raw = (credentials or {}).get("username") or request.POST.get("username")
    return str(raw).strip().lower() if raw else None
