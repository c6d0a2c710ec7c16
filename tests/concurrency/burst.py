"""Run one piece of work from many threads at the same moment, for "happens once" tests.

    results = run_at_once(20, lambda i: request_consultation(body, address=f"203.0.113.{i}"))
    ids = {r.public_id for r in results if not isinstance(r, BaseException)}

`run_at_once(n, work)` starts `n` threads. Each opens its own database connection first,
then all of them wait at a `threading.Barrier` and call `work(i)` (`i` is the thread's
index, 0 to n - 1, handy for a different address per thread) together, so the calls
really overlap instead of queueing behind the connection set-up. It returns one entry per
thread, in index order: what `work` returned, or the exception it raised (any exception,
so a test can count the `Refused` answers and still see an unexpected error). Each thread
closes its connections at the end, so none is left open on the test database.

Use it in tests marked `@pytest.mark.django_db(transaction=True)`: the rows a test makes
before the burst must be committed for the threads to see them, and each thread's work
commits (or rolls back) on its own. A transactional test empties the database when it
ends, rows the migrations loaded included: load what the work needs in a fixture (the
exercise library: `sync_library(Exercise)`). Works on PostgreSQL and on SQLite (the test
database is then a file, see `spinewise/config/test_settings.py`: an in-memory database
cannot be shared by several connections that write at once).

Every thread is a connection: keep `n` well under PostgreSQL's `max_connections` (100 by
default, shared with whatever else uses the server). A thread that cannot connect breaks
the barrier, so the others give up at once with `threading.BrokenBarrierError` and its own
entry holds the real error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connections

T = TypeVar("T")

# Long enough for a slow CI machine; a thread still running after it fails the test.
TIMEOUT_SECONDS = 60.0


def run_at_once(n: int, work: Callable[[int], T]) -> list[T | BaseException]:
    """Call `work(0)` … `work(n - 1)` from `n` threads at the same moment; return each one's
    result or exception, in index order."""
    barrier = threading.Barrier(n, timeout=TIMEOUT_SECONDS)
    results: dict[int, T | BaseException] = {}

    def one(index: int) -> None:
        try:
            try:
                connections["default"].ensure_connection()
            except BaseException:
                barrier.abort()  # the others stop waiting (BrokenBarrierError) at once
                raise
            barrier.wait()
            results[index] = work(index)
        except BaseException as error:  # the test decides what each error means
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,), name=f"burst-{i}") for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT_SECONDS)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        raise AssertionError(f"Still running after {TIMEOUT_SECONDS:.0f} s: {', '.join(stuck)}")
    return [results[index] for index in range(n)]
