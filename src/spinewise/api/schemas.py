"""Error bodies every router shares: a plain message, and for a 422 each field to fix."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class InputSchema(Schema):
    """What a caller sends: a JSON object with only the names the schema lists, so a
    misspelt name is a 422 naming it instead of being dropped without a word."""

    model_config = ConfigDict(extra="forbid")


class Message(Schema):
    message: str


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    message: str
    errors: list[FieldError] = []
