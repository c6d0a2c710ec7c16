"""Each periodic sweep's state, shared by every worker, so a sweep never runs twice at once."""

from __future__ import annotations

from django.db import models


class SweepRun(models.Model):
    name = models.CharField(max_length=100, unique=True)
    # When a worker last queued it.
    last_queued_at = models.DateTimeField()
    # Set while a queued run has not reported back: no worker queues the sweep again until
    # then. Cleared when the run ends; if it passes first, the run counts as lost.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The task result of the queued run, so only that run's outcome clears the claim.
    task_result_id = models.CharField(max_length=64, blank=True, default="")
    # When a run last succeeded: the sweep is due again `every` after it.
    last_succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        done = f"{self.last_succeeded_at:%Y-%m-%d %H:%M}" if self.last_succeeded_at else "never"
        return f"{self.name} (last succeeded {done})"
