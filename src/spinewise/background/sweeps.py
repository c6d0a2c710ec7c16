"""Periodic sweeps: tasks the worker queues on a fixed rhythm (e.g. clean up old sessions).

An app declares a sweep in its `tasks` module:

    @sweep(every=timedelta(hours=1))
    @task()
    def forget_old_login_failures() -> int: ...

`queue_due_sweeps()` queues each sweep whose time has come through the task backend (the
database queue or Redis), so the same worker that sends emails runs them. It is safe to
call from several workers at once: a row lock on `SweepRun` lets only one of them queue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from spinewise.background.models import SweepRun


@dataclass(frozen=True)
class Sweep:
    name: str
    task: Any  # a django_tasks Task
    every: timedelta


_SWEEPS: dict[str, Sweep] = {}


def sweep(*, every: timedelta) -> Callable[[Any], Any]:
    """Register a task (made with django_tasks' @task) to be queued every `every`."""
    if every <= timedelta(0):
        raise ValueError("A sweep needs a positive interval.")

    def register(task: Any) -> Any:
        name = f"{task.func.__module__}.{task.name}"
        _SWEEPS[name] = Sweep(name=name, task=task, every=every)
        return task

    return register


def registered_sweeps() -> list[Sweep]:
    autodiscover_modules("tasks")
    return sorted(_SWEEPS.values(), key=lambda s: s.name)


def queue_due_sweeps(now: datetime | None = None) -> list[str]:
    """Queue every sweep that is due; return the names queued."""
    now = now or timezone.now()
    queued = []
    for item in registered_sweeps():
        with transaction.atomic():
            run, created = SweepRun.objects.select_for_update().get_or_create(
                name=item.name, defaults={"last_queued_at": now}
            )
            if not created and run.last_queued_at + item.every > now:
                continue
            if not created:
                run.last_queued_at = now
                run.save(update_fields=["last_queued_at"])
        # Queue outside the lock: an immediate backend runs the task right here.
        item.task.enqueue()
        queued.append(item.name)
    return queued
