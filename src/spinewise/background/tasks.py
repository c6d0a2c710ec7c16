"""Housekeeping sweeps: keep the database free of data nobody needs any more."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from django_tasks import task

from spinewise.background.sweeps import sweep

# Finished background tasks are kept this long for troubleshooting, then removed.
TASK_RESULT_DAYS = 30


@sweep(every=timedelta(days=1))
@task()
def clear_expired_sessions() -> None:
    """Signed-out and idle sessions (SESSION_IDLE_MINUTES) are deleted."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


@sweep(every=timedelta(hours=1))
@task()
def forget_old_login_failures() -> int:
    """Wrong-password records older than the lockout pause no longer lock anyone out."""
    cutoff = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    return int(deleted)


@sweep(every=timedelta(days=1))
@task()
def prune_finished_task_results() -> int:
    """Finished tasks in the database queue are kept TASK_RESULT_DAYS, then removed."""
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return 0
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=TASK_RESULT_DAYS)
    finished = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)
    deleted, _ = finished.delete()
    return deleted
