"""The worker for TASK_BACKEND=database: django-tasks-db's worker, with retries.

django-tasks-db marks a failed task failed, once and for all. Ours then sets it ready
again with a later `run_after` while retries are left (spinewise.background.retries):
the same task result, so its id stays the one the caller was given. Each run appends the
worker's id to `worker_ids`, so their number is the number of attempts so far.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from spinewise.background.retries import report_failure, retry_delays


class DatabaseWorker(Worker):
    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            self.retry_or_give_up(db_task_result)

    def retry_or_give_up(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        delays = retry_delays(db_task_result.task_path)
        attempt = len(db_task_result.worker_ids)
        next_delay = delays[attempt - 1] if attempt <= len(delays) else None
        report_failure(
            task_path=db_task_result.task_path,
            task_id=str(db_task_result.id),
            exception=db_task_result.exception_class_path.removeprefix("builtins."),
            attempt=attempt,
            attempts=len(delays) + 1,
            next_delay=next_delay,
        )
        if next_delay is None:
            return
        # The error stays recorded on the task until a later attempt succeeds.
        DBTaskResult.objects.filter(id=db_task_result.id, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY,
            run_after=timezone.now() + timedelta(seconds=next_delay),
            finished_at=None,
        )
