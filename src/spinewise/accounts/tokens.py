"""API tokens: a bearer key acts as its owner, with exactly the owner's rights.

The key is `sw_<prefix>_<secret>`; we store the prefix (to find the row and to show which
key is which) and a SHA-256 of the whole key (it is long and random, so a slow hash adds
nothing), and compare in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.utils import timezone

from spinewise.accounts.models import ApiToken, User

# Writing last_used_at on every call would make each API read a write; once a minute is
# plenty to tell an admin whether a key is still in use.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(user: User, name: str, expires_in_days: int | None = None) -> tuple[ApiToken, str]:
    """Make a key for `user`; return the row and the key, which is never shown again."""
    prefix = secrets.token_hex(6)
    key = f"sw_{prefix}_{secrets.token_urlsafe(32)}"
    expires = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API key",
        prefix=prefix,
        key_hash=_digest(key),
        expires_at=expires,
    )
    return token, key


def user_for_key(key: str) -> User | None:
    """The active owner of a valid, unrevoked, unexpired key; else None."""
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "sw":
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.key_hash, _digest(key)):
        return None
    now = timezone.now()
    if token.revoked_at or (token.expires_at and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke(token: ApiToken) -> None:
    """Revoke the key for good. Revoking it again keeps the first time (the queryset's
    update() touches only keys not yet revoked, and nothing clears revoked_at)."""
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        token.refresh_from_db(fields=["revoked_at"])
