"""Counts the access matrix's cells and leaks and prints them after the run, for CI's log
and docs/security.md."""

from __future__ import annotations

from collections import Counter

import pytest

MATRIX_COUNTS: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if MATRIX_COUNTS["cells"]:
        terminalreporter.write_line(
            f"Access matrix: {MATRIX_COUNTS['cells']} requests tried, "
            f"{MATRIX_COUNTS['leaks']} leaks, {MATRIX_COUNTS['not refused']} not refused"
        )
