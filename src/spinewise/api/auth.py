"""Who is calling the API: a bearer API token, or the signed-in browser session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from spinewise.accounts.tokens import user_for_key


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sw_…` — acts as the key's owner, with the owner's rights."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_key(token)
        if user is None:
            return None
        request.user = user  # the routers read request.user, as for a session
        return user


class SessionAuth(APIKeyCookie):
    """The browser's signed-in session, with Django's CSRF check for changes.

    Only a signed-in session is checked for CSRF: a caller with no session, or with a bad
    key, has nothing to forge and is told to sign in (401), as the API docs promise.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


# Tried in order: a token if the request carries one, else the session (which also checks
# CSRF for changes, so a token is the way for scripts).
SIGNED_IN = [TokenAuth(), SessionAuth()]
