"""A sweep is claimed while it runs and done only once it succeeded: a failed or lost run
is queued again, and no sweep is queued twice at once, by one worker or by several."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_tasks import default_task_backend
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from spinewise.background import sweeps
from spinewise.background.models import SweepRun
from tests.background import example_tasks
from tests.background.example_tasks import broken_sweep
from tests.concurrency.burst import run_at_once

pytestmark = pytest.mark.django_db

HOURLY = "spinewise.background.tasks.forget_old_login_failures"
HOUSEKEEPING = {
    "spinewise.background.tasks.clear_expired_sessions",
    HOURLY,
    "spinewise.background.tasks.prune_finished_task_results",
}


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> str:
    """Only the example sweep that always fails is registered."""
    monkeypatch.setattr(sweeps, "_SWEEPS", {})
    sweeps.sweep(every=timedelta(days=1))(broken_sweep)
    return str(broken_sweep.module_path)


def test_a_failed_sweep_is_queued_again_at_the_next_check(broken: str) -> None:
    # The test backend runs a task as it is queued: each check runs the sweep once.
    assert sweeps.queue_due_sweeps() == [broken]
    assert sweeps.queue_due_sweeps() == [broken]
    assert example_tasks.RUNS == ["sweep", "sweep"]
    run = SweepRun.objects.get(name=broken)
    assert run.last_succeeded_at is None
    assert run.claimed_until is None


def test_a_successful_sweep_records_when_and_ends_its_claim() -> None:
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        sweeps.queue_due_sweeps()
    run = SweepRun.objects.get(name=HOURLY)
    assert run.last_succeeded_at == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert run.claimed_until is None


@pytest.mark.usefixtures("database_queue")
def test_a_sweep_still_queued_is_not_queued_again() -> None:
    # The database queue only stores the task: nobody runs it in this test.
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        assert set(sweeps.queue_due_sweeps()) == HOUSEKEEPING
    with time_machine.travel("2026-03-02 09:29Z", tick=False):
        assert sweeps.queue_due_sweeps() == []
    run = SweepRun.objects.get(name=HOURLY)
    assert run.claimed_until == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert DBTaskResult.objects.filter(id=run.task_result_id, task_path=HOURLY).exists()
    assert DBTaskResult.objects.filter(task_path=HOURLY).count() == 1


@pytest.mark.usefixtures("database_queue")
def test_a_lost_sweep_is_queued_again_once_its_claim_expires() -> None:
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        sweeps.queue_due_sweeps()
    with time_machine.travel("2026-03-02 09:29:59Z", tick=False):
        assert sweeps.queue_due_sweeps() == []
    with time_machine.travel("2026-03-02 09:30Z", tick=False):
        assert set(sweeps.queue_due_sweeps()) == HOUSEKEEPING
    assert DBTaskResult.objects.filter(task_path=HOURLY).count() == 2


@pytest.mark.usefixtures("database_queue")
def test_a_run_counted_as_lost_that_ends_late_leaves_the_newer_claim() -> None:
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        sweeps.queue_due_sweeps()
    lost = SweepRun.objects.get(name=HOURLY).task_result_id
    with time_machine.travel("2026-03-02 09:30Z", tick=False):
        sweeps.queue_due_sweeps()
    newer = SweepRun.objects.get(name=HOURLY).task_result_id

    with time_machine.travel("2026-03-02 09:40Z", tick=False):
        late = DBTaskResult.objects.get(id=lost)
        late.set_successful(0)
        sweeps.record_outcome(DatabaseBackend, default_task_backend.get_result(lost))
    run = SweepRun.objects.get(name=HOURLY)
    assert run.last_succeeded_at == datetime(2026, 3, 2, 9, 40, tzinfo=UTC)
    assert run.claimed_until == datetime(2026, 3, 2, 10, tzinfo=UTC)  # still the newer's

    current = DBTaskResult.objects.get(id=newer)
    current.set_failed(RuntimeError("broke"))
    sweeps.record_outcome(DatabaseBackend, default_task_backend.get_result(newer))
    assert SweepRun.objects.get(name=HOURLY).claimed_until is None


def test_a_sweep_that_cannot_be_queued_is_not_claimed(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/15"}}  # nothing answers
    assert sweeps.queue_due_sweeps() == []
    assert not SweepRun.objects.filter(claimed_until__isnull=False).exists()
    assert f"Could not queue the sweep {HOURLY}; the next check tries again." in caplog.text


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_workers_checking_at_the_same_moment_queue_each_sweep_once() -> None:
    results = run_at_once(8, lambda i: sweeps.queue_due_sweeps())
    assert [r for r in results if isinstance(r, BaseException)] == []
    queued = [name for r in results if not isinstance(r, BaseException) for name in r]
    assert sorted(queued) == sorted(HOUSEKEEPING)
    for name in HOUSEKEEPING:
        assert DBTaskResult.objects.filter(task_path=name).count() == 1
