"""Turn pydantic's error list into our plain error body: each field named, plain words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MESSAGES = {
    "missing": "This is required.",
    "string_too_long": "This is too long.",
    "string_too_short": "This cannot be empty.",
    "bool_type": "This must be true or false.",
    "bool_parsing": "This must be true or false.",
    "int_type": "This must be a whole number.",
    "int_parsing": "This must be a whole number.",
    "string_type": "This must be text.",
    "dict_type": "This must be an object of named values.",
    "literal_error": "This is not one of the allowed values.",
    "enum": "This is not one of the allowed values.",
    "json_invalid": "The request is not valid JSON.",
    "model_attributes_type": "The request body must be a JSON object.",
    "extra_forbidden": "This is not a name the request takes. Check its spelling.",
}


def _field(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "data")]
    return ".".join(parts) or "body"


def plain_validation_errors(errors: list[dict[str, Any]]) -> dict[str, Any]:
    fields = []
    for error in errors:
        kind = str(error.get("type", ""))
        message = MESSAGES.get(kind) or str(error.get("msg", "This value is not allowed."))
        ctx = error.get("ctx") or {}
        if kind == "literal_error" and "expected" in ctx:
            message = f"This must be one of: {ctx['expected']}."
        if kind == "string_too_long" and "max_length" in ctx:
            message = f"This is too long: at most {ctx['max_length']} characters."
        fields.append({"field": _field(error.get("loc", ())), "message": message})
    return {"message": "Some details need checking.", "errors": fields}
