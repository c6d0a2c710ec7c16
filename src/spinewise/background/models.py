"""When each periodic sweep was last queued, so several workers never queue it twice."""

from __future__ import annotations

from django.db import models


class SweepRun(models.Model):
    name = models.CharField(max_length=100, unique=True)
    last_queued_at = models.DateTimeField()

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} (last queued {self.last_queued_at:%Y-%m-%d %H:%M})"
