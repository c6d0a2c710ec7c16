"""Periodic sweeps: tasks the worker queues on a fixed rhythm (e.g. clean up old sessions).

An app declares a sweep in its `tasks` module:

    @sweep(every=timedelta(hours=1))
    @task()
    def forget_old_login_failures() -> int: ...

`queue_due_sweeps()` queues each sweep whose time has come through the task backend (the
database queue or Redis), so the same worker that sends emails runs them. It is safe to
call from several workers at once, and a sweep never runs twice at once:

- A row lock on the sweep's `SweepRun` lets one worker at a time decide. The one that
  queues it claims it (`claimed_until`), and nobody queues it again while it is claimed.
- The run's outcome ends the claim (`record_outcome`, on django-tasks' `task_finished`
  signal, which the database worker, RQ and the immediate backend all send). Success
  records `last_succeeded_at`, and the sweep is due again `every` after that. A failure
  only ends the claim, so the next check queues it again; sweeps are not retried by the
  worker (spinewise.background.retries).
- A run that never reports back (Redis lost it, the worker was killed) counts as lost
  once the claim expires (`CLAIM`), and the next check queues the sweep again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks import TaskResult, TaskResultStatus

from spinewise.background.models import SweepRun

logger = logging.getLogger("spinewise.background")

# How long a queued sweep may take to report back before it counts as lost. Well above a
# sweep's run (RQ stops a job after 180 s) and the wait behind a few emails.
CLAIM = timedelta(minutes=30)


@dataclass(frozen=True)
class Sweep:
    name: str  # the task's dotted path
    task: Any  # a django_tasks Task
    every: timedelta


_SWEEPS: dict[str, Sweep] = {}


def sweep(*, every: timedelta) -> Callable[[Any], Any]:
    """Register a task (made with django_tasks' @task) to be queued every `every`."""
    if every <= timedelta(0):
        raise ValueError("A sweep needs a positive interval.")

    def register(task: Any) -> Any:
        name = task.module_path
        _SWEEPS[name] = Sweep(name=name, task=task, every=every)
        return task

    return register


def registered_sweeps() -> list[Sweep]:
    autodiscover_modules("tasks")
    return sorted(_SWEEPS.values(), key=lambda s: s.name)


def is_sweep(task_path: str) -> bool:
    return any(item.name == task_path for item in registered_sweeps())


def _is_due(run: SweepRun, item: Sweep, now: datetime) -> bool:
    if run.claimed_until is not None and run.claimed_until > now:
        return False  # queued and not reported back yet
    return run.last_succeeded_at is None or run.last_succeeded_at + item.every <= now


def queue_due_sweeps(now: datetime | None = None) -> list[str]:
    """Queue every sweep that is due; return the names queued."""
    now = now or timezone.now()
    queued = []
    for item in registered_sweeps():
        with transaction.atomic():
            run, _ = SweepRun.objects.select_for_update().get_or_create(
                name=item.name, defaults={"last_queued_at": now}
            )
            if not _is_due(run, item, now):
                continue
            run.last_queued_at = now
            run.claimed_until = now + CLAIM
            run.task_result_id = ""
            run.save(update_fields=["last_queued_at", "claimed_until", "task_result_id"])
        # This claim, and nobody's after it: the run may end before its id is stored.
        ours = SweepRun.objects.filter(name=item.name, last_queued_at=now, task_result_id="")
        try:
            # Queue outside the lock: an immediate backend runs the task right here.
            result = item.task.enqueue()
        except Exception:  # e.g. Redis is down: not queued, so not claimed either
            ours.update(claimed_until=None)
            logger.exception("Could not queue the sweep %s; the next check tries again.", item.name)
            continue
        ours.filter(claimed_until__isnull=False).update(task_result_id=result.id)
        queued.append(item.name)
    return queued


def record_outcome(sender: type, task_result: TaskResult[Any], **kwargs: Any) -> None:
    """End a sweep's claim when its run finishes; on success, record when.

    Connected to django-tasks' `task_finished` (apps.py). It runs inside the worker's
    handling of the task, so it never raises: an error here would count a successful
    task as failed, or stop the database worker.
    """
    try:
        name = task_result.task.module_path
        if name not in _SWEEPS:
            return
        runs = SweepRun.objects.filter(name=name)
        if task_result.status == TaskResultStatus.SUCCESSFUL:
            runs.update(last_succeeded_at=timezone.now())
        # A run that was counted as lost ends no newer claim.
        runs.filter(Q(task_result_id="") | Q(task_result_id=task_result.id)).update(
            claimed_until=None
        )
    except Exception:
        logger.exception("Could not record how the sweep run id=%s ended.", task_result.id)
