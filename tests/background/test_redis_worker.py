"""The worker on TASK_BACKEND=redis, against a real Redis (skipped, with the reason, when
none answers): emails are delivered, sweeps run and are recorded, a failing task is
retried then reported, and the logs never name a patient.

The worker runs in burst mode (`worker --burst`: work what is queued, then stop), in this
process (`--no-fork`), so it sees the test's database transaction and `mail.outbox`; one
test runs the forking worker, which production uses.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import django_rq
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings
from redis import Redis
from rq.queue import Queue

from spinewise.accounts.forms import QueuedPasswordResetForm
from spinewise.accounts.tasks import send_email
from spinewise.background import sweeps
from spinewise.background.models import SweepRun
from spinewise.background.redis_queue import TaskQueue
from tests.background import example_tasks
from tests.background.example_tasks import PATIENT, always_fails, broken_sweep, fails_once
from tests.consultations.helpers import make_request
from tests.factories import ClinicFactory, patient

pytestmark = pytest.mark.django_db

HOUSEKEEPING = {
    "spinewise.background.tasks.clear_expired_sessions",
    "spinewise.background.tasks.forget_old_login_failures",
    "spinewise.background.tasks.prune_finished_task_results",
}


def work(*options: str) -> None:
    call_command("worker", "--burst", "--no-fork", *options)


def queue(client: Redis) -> Queue:
    found = django_rq.get_queue("default")
    assert isinstance(found, TaskQueue)  # settings.RQ's queue class
    return found


def test_a_password_reset_email_is_delivered(redis_queue: Redis) -> None:
    person = patient(email="jane@example.org")
    form = QueuedPasswordResetForm(data={"email": person.email})
    assert form.is_valid()
    form.save(domain_override="clinic.example", token_generator=default_token_generator)
    assert mail.outbox == []  # queued in Redis, not sent yet

    work("--no-sweeps")

    assert [message.to for message in mail.outbox] == [["jane@example.org"]]
    assert "://clinic.example/" in mail.outbox[0].body
    assert queue(redis_queue).count == 0


def test_a_call_request_reaches_the_clinic_and_no_log_line_names_the_patient(
    redis_queue: Redis,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    caplog: pytest.LogCaptureFixture,
) -> None:
    clinic = ClinicFactory.create(email="inbox@clinic.example")
    with django_capture_on_commit_callbacks(execute=True):  # the service queues on commit
        make_request(clinic=clinic, name=PATIENT)
    job_id = queue(redis_queue).job_ids[0]

    caplog.set_level(logging.DEBUG)
    work("--no-sweeps", "--verbosity", "2")

    assert [message.to for message in mail.outbox] == [["inbox@clinic.example"]]
    assert PATIENT in mail.outbox[0].subject  # the email names them: the log must not
    assert "path=spinewise.accounts.tasks.send_email state=SUCCESSFUL" in caplog.text
    assert job_id in caplog.text
    assert PATIENT not in caplog.text


def test_a_job_is_described_by_its_task_not_its_arguments(redis_queue: Redis) -> None:
    result = send_email.enqueue("Hello", f"{PATIENT} asked for a call.", ["inbox@clinic.example"])
    job = queue(redis_queue).fetch_job(result.id)
    assert job is not None
    assert job.description == "spinewise.accounts.tasks.send_email"


def test_every_sweep_runs_and_is_recorded(redis_queue: Redis) -> None:
    before = timezone.now()
    work()

    runs = SweepRun.objects.filter(name__in=HOUSEKEEPING)
    assert runs.count() == 3
    for run in runs:
        assert run.last_succeeded_at is not None and run.last_succeeded_at >= before
        assert run.claimed_until is None
    assert queue(redis_queue).count == 0
    assert sweeps.queue_due_sweeps() == []  # done: not due again yet


def test_a_failing_task_is_retried_three_times_then_reported(
    redis_queue: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    result = always_fails.enqueue(PATIENT)
    caplog.set_level(logging.DEBUG)

    work("--no-sweeps", "--verbosity", "2")

    assert example_tasks.RUNS == [PATIENT] * 4
    failed = default_task_backend.get_result(result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert result.id in queue(redis_queue).failed_job_registry
    lines = [r.getMessage() for r in caplog.records if r.name == "spinewise.background"]
    path = "tests.background.example_tasks.always_fails"
    assert lines == [
        *(
            f"Task {path} id={result.id} failed with RuntimeError (attempt {n} of 4); "
            "trying again in 0 s."
            for n in (1, 2, 3)
        ),
        f"Task {path} id={result.id} failed with RuntimeError (attempt 4 of 4); given up.",
    ]
    assert [r.levelname for r in caplog.records if r.name == "spinewise.background"] == [
        "WARNING",
        "WARNING",
        "WARNING",
        "ERROR",
    ]
    assert PATIENT not in caplog.text


def test_a_task_that_fails_once_succeeds_on_its_retry(redis_queue: Redis) -> None:
    result = fails_once.enqueue(PATIENT)
    work("--no-sweeps")
    assert example_tasks.RUNS == [PATIENT, PATIENT]
    done = default_task_backend.get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == "sent"


def test_a_retry_waits_for_its_delay(redis_queue: Redis, settings: Settings) -> None:
    settings.TASK_RETRY_DELAYS = [60, 600, 3600]
    result = fails_once.enqueue(PATIENT)
    work("--no-sweeps")
    work("--no-sweeps")  # too soon: the retry is not due yet

    assert example_tasks.RUNS == [PATIENT]
    job = queue(redis_queue).fetch_job(result.id)
    assert job is not None
    at = queue(redis_queue).scheduled_job_registry.get_scheduled_time(job)
    assert timedelta(seconds=55) < at - timezone.now() <= timedelta(seconds=60)
    assert job.retries_left == 2


def test_a_failed_sweep_is_queued_again_at_the_next_check(
    redis_queue: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sweeps, "_SWEEPS", {})
    sweeps.sweep(every=timedelta(days=1))(broken_sweep)
    name = "tests.background.example_tasks.broken_sweep"

    work()

    assert example_tasks.RUNS == ["sweep"]  # sweeps are not retried by the worker
    run = SweepRun.objects.get(name=name)
    assert run.claimed_until is None and run.last_succeeded_at is None
    assert sweeps.queue_due_sweeps() == [name]


@pytest.mark.django_db(transaction=True)
def test_the_forking_worker_delivers_and_records_sweeps(
    redis_queue: Redis, settings: Settings, tmp_path: Path
) -> None:
    # Each job runs in a forked child: the email goes to a file, the sweeps to the database.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    send_email.enqueue("Your plan", "Hello", ["jane@example.org"])

    call_command("worker", "--burst")

    sent = "".join(path.read_text() for path in tmp_path.iterdir())
    assert "Subject: Your plan" in sent
    assert "To: jane@example.org" in sent
    recorded = SweepRun.objects.filter(name__in=HOUSEKEEPING, last_succeeded_at__isnull=False)
    assert recorded.count() == 3


def test_the_worker_says_so_when_redis_is_unreachable(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/15"}}
    with pytest.raises(CommandError, match="Could not reach Redis"):
        work("--no-sweeps")
