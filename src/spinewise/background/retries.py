"""A failed task is tried again, a few times, with growing delays: the same on both queues.

`retry_delays(path)` says how long to wait before each retry (settings.TASK_RETRY_DELAYS:
30 s, 5 min, 30 min). After the last one the task is given up and logged as an error;
its result stays in the queue (the database's task results, RQ's failed job registry),
traceback included, for whoever looks into it. Sweeps are not retried here: a failed
sweep is queued again at the worker's next sweep check (spinewise.background.sweeps).

Redis: RQ retries the job itself (the `Retry` our queue gives each job it creates,
redis_queue.TaskQueue), and RQ's scheduler, run by our worker, queues it again when its
time comes. Database: our worker sets the failed task ready again with a later `run_after`
(database_queue.DatabaseWorker).

`report_failure` writes the worker's one line about a failed attempt: the task, its id,
the exception's type and what happens next. Never the arguments (an email's body names
the patient) nor the exception's message.
"""

from __future__ import annotations

import logging

from django.conf import settings

from spinewise.background.sweeps import is_sweep

logger = logging.getLogger("spinewise.background")


def retry_delays(task_path: str) -> list[int]:
    """Seconds to wait before each retry of the task at `task_path` (none for a sweep)."""
    if is_sweep(task_path):
        return []
    return [int(delay) for delay in settings.TASK_RETRY_DELAYS]


def report_failure(
    *,
    task_path: str,
    task_id: str,
    exception: str,
    attempt: int,
    attempts: int,
    next_delay: int | None,
) -> None:
    """Log a failed attempt. `next_delay` is None when no retry is left."""
    if is_sweep(task_path):
        logger.error(
            "Sweep %s id=%s failed with %s; the next sweep check queues it again.",
            task_path,
            task_id,
            exception,
        )
    elif next_delay is not None:
        logger.warning(
            "Task %s id=%s failed with %s (attempt %d of %d); trying again in %d s.",
            task_path,
            task_id,
            exception,
            attempt,
            attempts,
            next_delay,
        )
    else:
        logger.error(
            "Task %s id=%s failed with %s (attempt %d of %d); given up.",
            task_path,
            task_id,
            exception,
            attempt,
            attempts,
        )
