"""Periodic sweeps: queued when due, never twice, and each does its housekeeping."""

from datetime import timedelta
from importlib import import_module

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from pytest_django import Settings

from spinewise.background import sweeps
from spinewise.background.models import SweepRun
from spinewise.background.tasks import (
    clear_expired_sessions,
    forget_old_login_failures,
    prune_finished_task_results,
)

pytestmark = pytest.mark.django_db

HOUSEKEEPING = {
    "spinewise.background.tasks.clear_expired_sessions",
    "spinewise.background.tasks.forget_old_login_failures",
    "spinewise.background.tasks.prune_finished_task_results",
}


def test_housekeeping_sweeps_are_registered() -> None:
    names = {s.name for s in sweeps.registered_sweeps()}
    assert names >= HOUSEKEEPING


def test_a_sweep_never_run_before_is_queued_at_once() -> None:
    assert set(sweeps.queue_due_sweeps()) >= HOUSEKEEPING
    assert SweepRun.objects.filter(name__in=HOUSEKEEPING).count() == 3


def test_a_sweep_is_not_queued_again_before_its_interval() -> None:
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        sweeps.queue_due_sweeps()
    with time_machine.travel("2026-03-02 09:30Z", tick=False):
        assert sweeps.queue_due_sweeps() == []


def test_a_sweep_is_queued_again_once_its_interval_has_passed() -> None:
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        sweeps.queue_due_sweeps()
    with time_machine.travel("2026-03-02 10:00Z", tick=False):
        due = sweeps.queue_due_sweeps()
    assert due == ["spinewise.background.tasks.forget_old_login_failures"]


def test_a_sweep_needs_a_positive_interval() -> None:
    with pytest.raises(ValueError, match="positive interval"):
        sweeps.sweep(every=timedelta(0))


RAN: list[str] = []


@task()
def note_it() -> None:
    RAN.append("ran")


def test_a_registered_task_runs_through_the_task_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sweeps, "_SWEEPS", {})
    monkeypatch.setattr(sweeps, "autodiscover_modules", lambda name: None)
    sweeps.sweep(every=timedelta(minutes=5))(note_it)
    assert sweeps.queue_due_sweeps() == [f"{__name__}.note_it"]
    assert RAN == ["ran"]  # the test backend runs tasks immediately


def test_clearing_sessions_removes_only_expired_ones() -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    fresh, stale = store(), store()
    fresh.create()
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    clear_expired_sessions.call()
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh.session_key]


def _attempt(age: timedelta) -> AccessAttempt:
    attempt = AccessAttempt.objects.create(
        username="pat@example.org",
        ip_address="192.0.2.1",
        user_agent="test",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - age)
    return attempt


def test_login_failures_older_than_the_lockout_are_forgotten() -> None:
    _attempt(timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1))
    assert forget_old_login_failures.call() == 1
    assert not AccessAttempt.objects.exists()


def test_recent_login_failures_still_count() -> None:
    _attempt(timedelta(minutes=1))
    assert forget_old_login_failures.call() == 0
    assert AccessAttempt.objects.count() == 1


def test_old_finished_task_results_are_pruned(settings: Settings) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = prune_finished_task_results.enqueue()
    recent = prune_finished_task_results.enqueue()
    DBTaskResult.objects.filter(id=old.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=31)
    )
    DBTaskResult.objects.filter(id=recent.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=1)
    )
    assert prune_finished_task_results.call() == 1
    assert [str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)] == [recent.id]


def test_run_sweeps_once_queues_what_is_due(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("run_sweeps", "--once")
    assert "Queued spinewise.background.tasks.clear_expired_sessions" in capsys.readouterr().out


def test_worker_refuses_the_immediate_backend() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no worker is needed"):
        call_command("worker")
