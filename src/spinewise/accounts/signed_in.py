"""The signed-in request: what a page behind `login_required`, or an API route behind
`SIGNED_IN`, is handed. Typing it once means no view has to assert who its user is."""

from __future__ import annotations

from django.http import HttpRequest

from spinewise.accounts.models import User


class SignedInRequest(HttpRequest):
    # Narrower than HttpRequest's "a user or AnonymousUser": the sign-in check has run.
    user: User
