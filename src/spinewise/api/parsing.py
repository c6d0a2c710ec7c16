"""How the API reads what it is sent: JSON bodies and query strings, refusing what no
field can store, before any service sees it.

PostgreSQL cannot keep a NUL character in text, and nothing a person types needs one, so
a NUL anywhere is a 422 naming the field, on both databases. The check costs a byte search
unless the body carries the JSON escape for NUL.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from spinewise.errors import InvalidInput

NUL = "\x00"
NUL_IN_JSON = b"\\u0000"
NUL_MESSAGE = "This has a character we cannot store (a NUL). Please remove it."


def _nul_path(value: Any, path: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """Where in a parsed JSON value a NUL sits (its keys and indexes), or None."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                return (*path, key.replace(NUL, ""))
            found = _nul_path(item, (*path, key))
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, (*path, str(index)))
            if found is not None:
                return found
    return None


class PlainParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        if NUL_IN_JSON in request.body:
            path = _nul_path(data)
            if path is not None:
                raise InvalidInput.on(".".join(path) or "body", NUL_MESSAGE)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            if NUL in key or any(NUL in str(v) for v in values):
                raise InvalidInput.on(key.replace(NUL, ""), NUL_MESSAGE)
        return super().parse_querydict(data, list_fields, request)
