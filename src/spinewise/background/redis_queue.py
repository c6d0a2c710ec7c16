"""The queue and the worker for TASK_BACKEND=redis: RQ, the way django-tasks-rq needs it.

django-tasks-rq stores each task as an RQ job whose function is the task's path. Only its
own job class (`django_tasks_rq.Job`) knows how to run such a job and report its result:
RQ's plain job class calls the `Task` object itself ("'Task' object is not callable"),
then the failure callback finds no `task_result`, and the task is lost without a word.
settings.RQ names that job class, so every queue and worker django-rq makes uses it, and
`manage.py worker` passes it explicitly as well (`make_worker`).

`TaskQueue` (settings.RQ's QUEUE_CLASS, so the web process uses it when it queues):
- gives each job a `Retry` (spinewise.background.retries), which RQ then honours;
- describes a job by its task's path. RQ's own description is the call with every
  argument, and RQ logs it and shows it wherever jobs are listed;
- keeps a failed job (its arguments with it) TASK_RESULT_DAYS, as the database queue
  does, not RQ's default of a year.

`TaskWorker` is RQ's worker (a forked child for each job) that logs a failure with the
task's path, its id and the exception's type, never RQ's traceback and arguments;
`InProcessTaskWorker` runs each job in the worker's own process (`worker --no-fork`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django_rq.queues import DjangoRQ, get_queue
from django_tasks_rq import Job as TaskJob
from rq.job import Job, Retry
from rq.job_lifecycle import call_exception_handlers
from rq.worker import BaseWorker, SimpleWorker, Worker

from spinewise.background.logs import exception_path
from spinewise.background.retries import report_failure, retry_delays
from spinewise.background.tasks import TASK_RESULT_DAYS

logger = logging.getLogger("spinewise.background")


class TaskQueue(DjangoRQ):
    def create_job(self, func: Any, *args: Any, **kwargs: Any) -> Job:
        path = func if isinstance(func, str) else f"{func.__module__}.{func.__qualname__}"
        if kwargs.get("description") is None:
            kwargs["description"] = path
        if kwargs.get("retry") is None:
            delays = retry_delays(path)
            if delays:
                kwargs["retry"] = Retry(max=len(delays), interval=delays)
        if kwargs.get("failure_ttl") is None:
            kwargs["failure_ttl"] = TASK_RESULT_DAYS * 24 * 60 * 60
        return super().create_job(func, *args, **kwargs)


class _TaskLogging(BaseWorker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["log_job_description"] = False
        super().__init__(*args, **kwargs)

    def handle_exception(self, job: Job, *exc_info: Any) -> None:
        """RQ's own logs the traceback (the exception's message) and the job's arguments."""
        exc_type: type[BaseException] = exc_info[0]
        try:
            task_path = job.func_name or "<no task>"
        except Exception:  # a job that cannot be read: RQ fails it as it is
            task_path = "<unreadable job>"
        # RQ counts the retries left, not the attempts made: count them in the job's meta.
        attempt = int(job.meta.get("attempts", 0)) + 1
        job.meta["attempts"] = attempt
        try:
            job.save_meta()  # type: ignore[no-untyped-call]
        except Exception:  # only the count is lost: RQ still records the failure
            logger.warning("Could not count the attempts of job id=%s.", job.id)
        retried = job.should_retry and self._stopped_job_id != job.id
        report_failure(
            task_path=task_path,
            task_id=job.id,
            exception=exception_path(exc_type),
            attempt=attempt,
            attempts=attempt + (job.retries_left or 0) if retried else attempt,
            next_delay=job.get_retry_interval() if retried else None,
        )
        call_exception_handlers(self._exc_handlers, job, *exc_info)


class TaskWorker(_TaskLogging, Worker):
    pass


class InProcessTaskWorker(_TaskLogging, SimpleWorker):
    pass


def make_worker(queue_names: Sequence[str], *, fork: bool = True) -> BaseWorker:
    """An RQ worker for `queue_names`, with django-tasks-rq's job class and our queue."""
    queues = [get_queue(name, job_class=TaskJob, queue_class=TaskQueue) for name in queue_names]
    worker_class = TaskWorker if fork else InProcessTaskWorker
    return worker_class(
        queues,
        connection=queues[0].connection,
        job_class=TaskJob,
        queue_class=TaskQueue,
    )
