"""The client's address, read once at the edge and handed to services as a plain value."""

from __future__ import annotations

from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str | None:
    # Behind a reverse proxy, ClientAddressMiddleware has put the client's address here.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
