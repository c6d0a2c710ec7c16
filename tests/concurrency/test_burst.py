"""The burst helper itself: every call overlaps, and each answer comes back in its place."""

from __future__ import annotations

import threading

import pytest

from tests.concurrency.burst import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_call_is_running_at_the_same_time() -> None:
    # Each call waits for all the others: it only returns if all ten are inside at once.
    inside = threading.Barrier(10, timeout=10)
    assert run_at_once(10, lambda i: inside.wait() >= 0) == [True] * 10


def test_results_and_exceptions_come_back_in_index_order() -> None:
    def work(i: int) -> int:
        if i % 2:
            raise ValueError(i)
        return i * 10

    results = run_at_once(4, work)

    assert results[0::2] == [0, 20]
    assert [type(r) for r in results[1::2]] == [ValueError, ValueError]
    assert [r.args for r in results[1::2] if isinstance(r, ValueError)] == [(1,), (3,)]
