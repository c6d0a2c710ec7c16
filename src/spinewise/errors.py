"""The one family of errors the services raise, translated once at each edge.

A service never knows which edge called it. It raises one of these with a message written
for the person reading it; the API's handler (`spinewise.api.main`) and the pages' helper
(`spinewise.web.errors`) turn it into an answer. `status` is the HTTP status it maps to.
`errors` names each field to fix (a 422); the other errors are a message alone.
"""

from __future__ import annotations

from typing import Any, ClassVar

# One field to fix: {"field": its code or name, "message": plain words}.
FieldProblem = dict[str, str]


class SpinewiseError(Exception):
    status: ClassVar[int] = 400
    default_message: ClassVar[str] = "We could not do that."

    def __init__(self, message: str = "", *, errors: list[FieldProblem] | None = None) -> None:
        self.message = message or self.default_message
        self.errors = errors
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        """The JSON answer: the message, and each field to fix when there are any."""
        if self.errors is None:
            return {"message": self.message}
        return {"message": self.message, "errors": list(self.errors)}


class InvalidInput(SpinewiseError):
    """What was sent cannot be used; `errors` names each field and says how to fix it."""

    status = 422
    default_message = "Some details need checking."

    def __init__(self, message: str = "", *, errors: list[FieldProblem] | None = None) -> None:
        super().__init__(message, errors=errors if errors is not None else [])

    @classmethod
    def on(cls, field: str, message: str) -> InvalidInput:
        """One field is wrong: the message is the answer's and the field's."""
        return cls(message, errors=[{"field": field, "message": message}])

    def first_message_for(self, field: str) -> str | None:
        return next((e["message"] for e in self.errors or [] if e["field"] == field), None)


class NotFound(SpinewiseError):
    """Missing, or out of the person's reach: the two look the same, so nobody learns what
    exists."""

    status = 404
    default_message = "Not found."


class Refused(SpinewiseError):
    """The request is understood but cannot be done in the record's present state."""

    status = 409


class NotAllowed(SpinewiseError):
    """The person is signed in but this part of the service is not for them."""

    status = 403


class TooManyRequests(SpinewiseError):
    """Too many new submissions from one place; the message says what to do instead."""

    status = 429
