"""Doses in plain words: "2 sets of 10", "Hold for 20 seconds, 5 times", "5 minutes"."""

from __future__ import annotations

from collections.abc import Mapping


def dose_words(kind: str, rung: Mapping[str, int]) -> str:
    if kind == "minutes":
        minutes = rung["minutes"]
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    if kind == "hold":
        reps = rung.get("reps", 1)
        times = f", {reps} times" if reps > 1 else ""
        return f"Hold for {rung['seconds']} seconds{times}"
    reps, sets = rung["reps"], rung.get("sets", 1)
    if sets > 1:
        return f"{sets} sets of {reps}"
    return f"{reps} times"


def hold_seconds(kind: str, rung: Mapping[str, int]) -> int | None:
    return rung["seconds"] if kind == "hold" else None


def ladder_words(kind: str, ladder: list[dict[str, int]]) -> str:
    """How the dose builds up, e.g. "Start with 8 times. Build up step by step to 3 sets of 15."."""
    first, last = dose_words(kind, ladder[0]), dose_words(kind, ladder[-1])
    if kind == "minutes":
        return f"Start with {first}. Add about a minute each week, up to {last}."
    if len(ladder) == 1:
        return f"Do {first.lower() if kind == 'hold' else first}."
    start = first[0].lower() + first[1:]
    return f"Start with: {start}. Build up step by step to: {last[0].lower() + last[1:]}."
