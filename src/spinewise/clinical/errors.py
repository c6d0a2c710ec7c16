"""The one error the rules raise for bad input: every problem, each naming its field."""

from __future__ import annotations


class ValidationError(ValueError):
    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors
