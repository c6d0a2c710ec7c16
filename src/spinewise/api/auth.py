"""Who is calling the API: a bearer API token, or the signed-in browser session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from spinewise.accounts.tokens import user_for_key


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sw_…` — acts as the key's owner, with the owner's rights."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_key(token)
        if user is None:
            return None
        request.user = user  # the services read request.user, as for a session
        return user


# Tried in order: a token if the request carries one, else the session (which also checks
# CSRF for changes, so a token is the way for scripts).
SIGNED_IN = [TokenAuth(), django_auth]
