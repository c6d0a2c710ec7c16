"""The worker on TASK_BACKEND=database: emails are delivered, sweeps run and are recorded,
a failing task is retried after its delays then reported, and the logs never name a
patient. The worker runs in burst mode (`worker --burst`), in this process. The tests are
transactional: django-tasks-db's worker closes a connection that is inside a transaction,
as a test's would be."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from spinewise.accounts.tasks import send_email
from spinewise.background import sweeps
from spinewise.background.models import SweepRun
from tests.background import example_tasks
from tests.background.example_tasks import PATIENT, always_fails, broken_sweep, fails_once

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_queue")]

HOUSEKEEPING = {
    "spinewise.background.tasks.clear_expired_sessions",
    "spinewise.background.tasks.forget_old_login_failures",
    "spinewise.background.tasks.prune_finished_task_results",
}


def work(*options: str) -> None:
    call_command("worker", "--burst", *options)


def test_a_queued_email_is_delivered(caplog: pytest.LogCaptureFixture) -> None:
    result = send_email.enqueue(
        f"New call request: {PATIENT}", "Please call.", ["a@clinic.example"]
    )
    caplog.set_level(logging.DEBUG)
    work("--no-sweeps", "--verbosity", "2")

    assert [message.subject for message in mail.outbox] == [f"New call request: {PATIENT}"]
    assert default_task_backend.get_result(result.id).status == TaskResultStatus.SUCCESSFUL
    assert f"Task id={result.id} path=spinewise.accounts.tasks.send_email" in caplog.text
    assert PATIENT not in caplog.text


def test_every_sweep_runs_and_is_recorded() -> None:
    work()
    runs = SweepRun.objects.filter(name__in=HOUSEKEEPING, last_succeeded_at__isnull=False)
    assert runs.count() == 3
    assert not runs.filter(claimed_until__isnull=False).exists()


def test_a_failing_task_is_retried_three_times_then_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    result = always_fails.enqueue(PATIENT)
    caplog.set_level(logging.DEBUG)
    work("--no-sweeps", "--verbosity", "2")

    assert example_tasks.RUNS == [PATIENT] * 4
    failed = DBTaskResult.objects.get(id=result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "builtins.RuntimeError"
    path = "tests.background.example_tasks.always_fails"
    ours = [r for r in caplog.records if r.name == "spinewise.background"]
    assert [r.getMessage() for r in ours] == [
        *(
            f"Task {path} id={result.id} failed with RuntimeError (attempt {n} of 4); "
            "trying again in 0 s."
            for n in (1, 2, 3)
        ),
        f"Task {path} id={result.id} failed with RuntimeError (attempt 4 of 4); given up.",
    ]
    assert [r.levelname for r in ours] == ["WARNING", "WARNING", "WARNING", "ERROR"]
    assert "RuntimeError" in caplog.text  # the exception's type, never its message
    assert PATIENT not in caplog.text


def test_a_retry_waits_for_its_delay_and_then_succeeds(settings: Settings) -> None:
    settings.TASK_RETRY_DELAYS = [60, 600, 3600]
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        result = fails_once.enqueue(PATIENT)
        work("--no-sweeps")
    retry = DBTaskResult.objects.get(id=result.id)
    assert retry.status == TaskResultStatus.READY
    assert retry.run_after == datetime(2026, 3, 2, 9, 1, tzinfo=UTC)

    with time_machine.travel("2026-03-02 09:00:59Z", tick=False):
        work("--no-sweeps")  # too soon
    assert example_tasks.RUNS == [PATIENT]

    with time_machine.travel("2026-03-02 09:01Z", tick=False):
        work("--no-sweeps")
    assert example_tasks.RUNS == [PATIENT, PATIENT]
    done = DBTaskResult.objects.get(id=result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == "sent"
    assert done.traceback == ""  # the first attempt's error is cleared by the success


def test_the_delays_grow_from_one_retry_to_the_next(settings: Settings) -> None:
    settings.TASK_RETRY_DELAYS = [60, 600, 3600]
    start = timezone.now().replace(microsecond=0)
    result = always_fails.enqueue(PATIENT)
    waits = []
    for attempt in range(3):
        at = start + timedelta(hours=2 * attempt)
        with time_machine.travel(at, tick=False):
            DBTaskResult.objects.filter(id=result.id).update(run_after=at)
            work("--no-sweeps")
        waits.append(DBTaskResult.objects.get(id=result.id).run_after - at)
    assert waits == [timedelta(seconds=60), timedelta(seconds=600), timedelta(seconds=3600)]


def test_a_failed_sweep_is_not_retried_but_queued_at_the_next_check(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(sweeps, "_SWEEPS", {})
    sweeps.sweep(every=timedelta(days=1))(broken_sweep)
    name = "tests.background.example_tasks.broken_sweep"

    work()

    assert example_tasks.RUNS == ["sweep"]
    assert f"Sweep {name} id=" in caplog.text
    assert "the next sweep check queues it again." in caplog.text
    run = SweepRun.objects.get(name=name)
    assert run.claimed_until is None and run.last_succeeded_at is None
    assert sweeps.queue_due_sweeps() == [name]
