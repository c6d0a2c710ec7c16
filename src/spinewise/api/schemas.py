"""Error bodies every router shares: a plain message, and for a 422 each field to fix."""

from __future__ import annotations

from ninja import Schema


class Message(Schema):
    message: str


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    message: str
    errors: list[FieldError] = []
