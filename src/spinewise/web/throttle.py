"""Per-address limits for public forms, counted from stored rows.

We keep a keyed hash of the address, never the address itself: enough to count requests
from one place, and it works across every server process.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone


class RateLimited(Exception):
    """Too many new submissions from one address; the message is for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def client_hash(request: HttpRequest | None) -> str:
    address = (request.META.get("REMOTE_ADDR") if request else None) or "unknown"
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def check_limit(
    recent: QuerySet[Any], fingerprint: str, limit: int, *, window: timedelta, message: str
) -> None:
    """Raise RateLimited when `recent` already holds `limit` rows from this address."""
    since = timezone.now() - window
    if recent.filter(client_hash=fingerprint, created_at__gte=since).count() >= limit:
        raise RateLimited(message)
