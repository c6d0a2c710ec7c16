"""How many exercise_decision() calls one process makes per second (target: at least 200,000/s).

Run from the project folder:  .venv/bin/python -m bench.decision_throughput
Options: --runs 3 --decisions 200000 --pin CPU. exercise_decision() is single-threaded pure
Python, so one process uses one core at a time; --pin also keeps it on one named CPU. A
benchmark, not a test: it exits 0 whatever the speed (only a wrong decision stops it).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from itertools import cycle, islice
from typing import Any

from bench.assess_throughput import load, pin, result_line, summary
from spinewise.clinical import RULES_VERSION, exercise_decision

TARGET_PER_SECOND = 200_000

CHAIN = [
    {"slug": "bridge", "rungs": 6},
    {"slug": "single-leg-bridge", "rungs": 4},
    {"slug": "hip-thrust", "rungs": 4},
]


def entry(response: str = "acceptable", completed: str = "full", effort: str | None = "ok") -> Any:
    return {"response": response, "completed": completed, "effort": effort}


GOOD = entry()
# (name, current, history, the action the rules must give): every branch of §6 once.
CASES: list[tuple[str, dict[str, Any], list[dict[str, Any]], str]] = [
    ("two good sessions: progress", {"slug": "bridge", "rung": 2}, [GOOD, GOOD], "progress"),
    ("one good session: hold", {"slug": "bridge", "rung": 2}, [GOOD], "hold"),
    (
        "top rung: next exercise",
        {"slug": "bridge", "rung": 5},
        [entry(effort="easy"), GOOD],
        "progress",
    ),
    ("too much: back", {"slug": "single-leg-bridge", "rung": 0}, [GOOD, entry("too_much")], "back"),
    ("stop: pause", {"slug": "bridge", "rung": 1}, [entry("stop")], "pause"),
    (
        "two partial: back",
        {"slug": "bridge", "rung": 3},
        [entry(completed="partial"), entry(effort="too_hard")],
        "back",
    ),
    (
        "longer mixed history: hold",
        {"slug": "hip-thrust", "rung": 1},
        [GOOD, entry(effort="hard"), entry(completed="skipped", effort=None), GOOD],
        "hold",
    ),
    ("top of the chain: hold", {"slug": "hip-thrust", "rung": 3}, [GOOD, GOOD], "hold"),
]


def check_cases() -> None:
    """Fail loudly if a case no longer gets its action (e.g. the rules changed)."""
    for name, current, history, expected in CASES:
        got = exercise_decision(CHAIN, current, history)["action"]
        if got != expected:
            sys.exit(f"case {name!r}: expected {expected}, got {got}")


Inputs = list[tuple[dict[str, Any], list[dict[str, Any]]]]


def time_decisions(inputs: Inputs) -> float:
    """Seconds to decide once per input; the loop is as thin as Python allows."""
    decide, chain = exercise_decision, CHAIN
    start = time.perf_counter()
    for current, history in inputs:
        decide(chain, current, history)
    return time.perf_counter() - start


def rates(inputs: Inputs, runs: int) -> list[float]:
    time_decisions(inputs[: max(1, len(inputs) // 10)])  # warm-up
    return [len(inputs) / time_decisions(inputs) for _ in range(runs)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--decisions", type=int, default=200_000, help="per run")
    parser.add_argument("--pin", type=int, metavar="CPU", help="run on this CPU only")
    args = parser.parse_args(argv)

    pinning = pin(args.pin)
    check_cases()
    print(
        f"exercise_decision() throughput: rules {RULES_VERSION}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, {pinning}, {load()} at start"
    )
    print(f"{args.runs} runs of {args.decisions:,} decisions each; {len(CASES)} cases in turn")

    print("per case (each alone):")
    per_case = max(1, args.decisions // 4)
    for name, current, history, _ in CASES:
        values = rates([(current, history)] * per_case, args.runs)
        print(f"  {name:<28} {summary(values)}")

    cases = [(current, history) for _, current, history, _ in CASES]
    mix = list(islice(cycle(cases), args.decisions))
    values = rates(mix, args.runs)
    print(result_line("exercise_decision() mixed cases", values, TARGET_PER_SECOND))
    print(f"({load()} at end: other work on the machine lowers the figures)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
