"""The task queues' loggers keep a task's name, its id and its exception's type, never its
arguments nor the exception's message (spinewise.background.logs, settings.LOGGING)."""

from __future__ import annotations

import logging

import pytest

from tests.background.example_tasks import PATIENT


def test_a_logged_failure_keeps_the_frames_and_type_not_the_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    try:
        raise ValueError(f"Key (name)=({PATIENT}) already exists.")
    except ValueError:
        logging.getLogger("django_tasks").exception("Task id=abc path=x.y state=FAILED")

    assert "Task id=abc path=x.y state=FAILED" in caplog.text
    assert "test_task_logs.py" in caplog.text  # where it happened
    assert "ValueError (message not logged: it may hold patient data)" in caplog.text
    assert PATIENT not in caplog.text


def test_a_traceback_given_as_a_message_argument_is_left_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="rq.job")
    traceback = f"Traceback (most recent call last):\n  ...\nRuntimeError: {PATIENT}"
    logging.getLogger("rq.job").debug("Job %s: handling failure: %s", "abc", traceback)

    assert caplog.messages == [
        "Job abc: handling failure: (traceback not logged: it is kept with the task's result)"
    ]


def test_the_job_arguments_rq_attaches_to_a_record_are_dropped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logging.getLogger("rq.worker").error(
        "Worker w: job j failed",
        extra={"func": "send_email", "arguments": (PATIENT,), "kwargs": {"body": PATIENT}},
    )
    (record,) = caplog.records
    assert not {"func", "arguments", "kwargs"} & set(vars(record))


def test_other_loggers_keep_their_exceptions(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise ValueError("details for the developer")
    except ValueError:
        logging.getLogger("spinewise.web").exception("Something broke")
    assert "ValueError: details for the developer" in caplog.text
