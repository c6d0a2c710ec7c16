"""Keep patient data out of the task queues' logs.

A task's arguments hold patient data (an email's body names the patient), and so may an
exception's message (an SMTP refusal quotes the address, a database error the value).
RQ and django-tasks log both: RQ prints a job's description (its call, with every
argument) when it starts one, and the failure of a task is logged with its traceback,
whose last line is the exception's message.

`HideTaskData` is a logging filter for the queues' loggers (settings.LOGGING). It keeps a
record's message, which names the task and its id, and replaces an attached exception by
its stack (file, line and code of each frame, no values) and its type, without its
message; a traceback passed as one of the message's arguments is left out. It also drops
the job's arguments that RQ attaches to a failure record as extra fields, which a JSON
formatter would print. The full traceback stays with the task's
result in the queue, for whoever may see it there.

Importable before Django is set up: settings.LOGGING names it.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

# RQ attaches these to its failure record (`extra=`): the job's call and its arguments.
_EXTRA_FIELDS = ("arguments", "kwargs", "func")


def exception_path(exc_type: type[BaseException]) -> str:
    """The exception's class as a dotted path, e.g. smtplib.SMTPRecipientsRefused."""
    if exc_type.__module__ == "builtins":
        return exc_type.__qualname__
    return f"{exc_type.__module__}.{exc_type.__qualname__}"


def stack_without_message(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """A traceback's frames and the exception's type, never the exception's message."""
    frames = "".join(traceback.format_tb(tb))
    return (
        f"Traceback (most recent call last):\n{frames}{exception_path(exc_type)}"
        " (message not logged: it may hold patient data)"
    )


class HideTaskData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            record.exc_text = stack_without_message(exc_type, tb)
            record.exc_info = None
        if isinstance(record.args, tuple):
            # e.g. RQ's "Job %s: handling failure: %s", given the formatted traceback.
            record.args = tuple(_hide_traceback(arg) for arg in record.args)
        for field in _EXTRA_FIELDS:
            record.__dict__.pop(field, None)
        return True


def _hide_traceback(arg: object) -> object:
    if isinstance(arg, str) and "Traceback (most recent call last)" in arg:
        return "(traceback not logged: it is kept with the task's result)"
    return arg
