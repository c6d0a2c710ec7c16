"""How many assess() evaluations one process does per second (target: at least 20,000/s).

Run from the project folder:  .venv/bin/python -m bench.assess_throughput
Options: --runs 7 --evaluations 20000 --pin CPU. assess() is single-threaded pure Python, so
one process uses one core at a time; --pin also keeps it on one named CPU. A benchmark, not a
test: it exits 0 whatever the speed (only a wrong triage for an answer set stops it).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from itertools import cycle, islice
from typing import Any

from bench.answers import ANSWER_SETS
from spinewise.clinical import RULES_VERSION, assess

TARGET_PER_SECOND = 20_000


def pin(cpu: int | None) -> str:
    if cpu is None:
        return "not pinned"
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def check_answer_sets() -> None:
    """Fail loudly if an answer set no longer evaluates to its triage (e.g. rules changed)."""
    for name, answers, expected in ANSWER_SETS:
        got = assess(answers).triage
        if got != expected:
            sys.exit(f"answer set {name!r}: expected triage {expected}, got {got}")


def time_calls(call: Callable[[Any], object], inputs: Sequence[Any]) -> float:
    """Seconds to call `call` once per input; the loop itself is as thin as Python allows."""
    start = time.perf_counter()
    for item in inputs:
        call(item)
    return time.perf_counter() - start


def rates(inputs: Sequence[Any], runs: int) -> list[float]:
    time_calls(assess, inputs[: max(1, len(inputs) // 10)])  # warm-up
    return [len(inputs) / time_calls(assess, inputs) for _ in range(runs)]


def summary(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):>9,.0f}/s "
        f"(min {min(values):,.0f}, max {max(values):,.0f})"
    )


def result_line(label: str, values: list[float], target: float) -> str:
    """The recorded line: the median against its target, met or missed."""
    median = statistics.median(values)
    verdict = "MET" if median >= target else "MISSED"
    return (
        f"RESULT {label}, one process: {summary(values)}; "
        f"target >= {target:,}/s: {verdict} ({median / target:.0%})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--evaluations", type=int, default=20_000, help="per run")
    parser.add_argument("--pin", type=int, metavar="CPU", help="run on this CPU only")
    args = parser.parse_args(argv)

    pinning = pin(args.pin)
    check_answer_sets()
    print(
        f"assess() throughput: rules {RULES_VERSION}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {pinning}, {load()} at start"
    )
    print(f"{args.runs} runs of {args.evaluations:,} evaluations each; {len(ANSWER_SETS)} sets")

    print("per answer set (each alone):")
    per_set = max(1, args.evaluations // 4)
    for name, answers, _ in ANSWER_SETS:
        values = rates([answers] * per_set, max(3, args.runs // 2))
        print(f"  {name:<28} {summary(values)}")

    mix = list(islice(cycle(answers for _, answers, _ in ANSWER_SETS), args.evaluations))
    values = rates(mix, args.runs)
    print(result_line("assess() mixed answer sets", values, TARGET_PER_SECOND))
    print(f"({load()} at end: other work on the machine lowers the figures)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
