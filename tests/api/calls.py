"""Calling the API from tests: JSON in, the test client's response out."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.responses import Response


def call(client: Client, method: str, url: str, body: Any = None) -> Response:
    """A GET, or a method with a JSON body (a string is sent as it is, else encoded)."""
    if method == "get":
        return client.get(url)
    data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
    response: Response = getattr(client, method)(url, data, content_type="application/json")
    return response
