"""Per-address limits for public forms, counted from stored rows.

We keep a keyed hash of the address, never the address itself: enough to count requests
from one place, and it works across every server process.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from spinewise.errors import TooManyRequests


def hash_address(address: str | None) -> str:
    """The keyed hash stored in place of the client's address."""
    address = address or "unknown"
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def check_limit(
    model: type[Model], client_hash: str, limit: int, *, window: timedelta, message: str
) -> None:
    """Raise TooManyRequests when `model` already holds `limit` rows from this address within
    the window (rows with `client_hash` and `created_at`, indexed together)."""
    since = timezone.now() - window
    # Plain SQL on purpose: building this through the ORM was a quarter of a public
    # submission's time (bench/RESULTS.md). It reads no further than the limit, so the cost
    # stays small however busy an address was. The table name comes from our own model.
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} "  # noqa: S608
        "WHERE client_hash = %s AND created_at >= %s LIMIT %s) AS recent"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [client_hash, connection.ops.adapt_datetimefield_value(since), limit])
        (count,) = cursor.fetchone()
    if count >= limit:
        raise TooManyRequests(message)
