"""Counts the fuzzer's requests and failures and prints them after the run, so CI's log
(and docs/security.md) can say how much was tried."""

from __future__ import annotations

from collections import Counter

import pytest

FUZZ_COUNTS: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FUZZ_COUNTS["requests"]:
        return
    cases = [
        report
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if "test_fuzz.py" in getattr(report, "nodeid", "") and report.when == "call"
    ]
    failed = sum(1 for report in cases if report.failed)
    terminalreporter.write_line(
        f"API fuzzer: {FUZZ_COUNTS['requests']} requests over {len(cases)} operation and role "
        f"cases; {FUZZ_COUNTS['5xx']} answers of 500 or more; {failed} cases failing a check "
        "(status listed, body and content type as the schema says, bad input refused)"
    )
