"""The OpenAPI schema lists every answer an operation can give, errors included.

The routers declare their own success and refusal answers (201, 409, 429…). The errors
every operation of a kind can give are added here, once, from what the schema already
says about it, so the published schema stays the truth as routes are added:
- 400 for a body that is not JSON (any operation with a body);
- 422 for input that is not what the schema asks for (any operation with input);
- 401 when a sign-in is needed and missing, 403 when a signed-in session's change fails
  the CSRF check (or the part is not for the person);
- 404 for a path that names something missing or out of reach.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

MESSAGE = "#/components/schemas/Message"
ERRORS = "#/components/schemas/ErrorOut"
CHANGES = {"post", "put", "patch", "delete"}
ANSWERS = {
    400: ("The body is not valid JSON.", ERRORS),
    401: ("Sign-in needed: a session or an `Authorization: Bearer` API key.", MESSAGE),
    403: (
        "Not allowed: a signed-in session's change without its CSRF token, or a part "
        "of the service that is not for this person.",
        MESSAGE,
    ),
    404: ("Not found, or out of this person's reach (the two look the same).", MESSAGE),
    422: ("Some input needs fixing: each field is named with a plain message.", ERRORS),
}


def _answers_for(method: str, operation: dict[str, Any]) -> set[int]:
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    codes = set()
    if has_body:
        codes.add(400)
    if has_body or parameters:
        codes.add(422)
    if operation.get("security"):
        codes.add(401)
        if method in CHANGES:
            codes.add(403)
    if any(p.get("in") == "path" for p in parameters):
        codes.add(404)
    return codes


def document_errors(schema: dict[str, Any]) -> None:
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for code in sorted(_answers_for(method, operation)):
                if code in responses or str(code) in responses:
                    continue
                description, ref = ANSWERS[code]
                responses[code] = {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": ref}}},
                }


class DocumentedAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema
