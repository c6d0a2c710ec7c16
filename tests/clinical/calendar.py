"""A programme's calendar for the sweep and reassessment rules' tests: day 0 is START."""

from __future__ import annotations

from datetime import date, timedelta

START = date(2027, 3, 1)  # day 0


def day(n: int) -> date:
    return START + timedelta(days=n)


def session(n: int, pain: int = 3, response: str = "acceptable") -> dict[str, object]:
    """A logged session on day n, as the rules are handed it."""
    return {"date": day(n), "pain_before": pain, "response": response}
