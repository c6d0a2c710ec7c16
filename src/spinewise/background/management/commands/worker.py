"""One command for the background worker, whatever the task backend.

It runs the queue's worker and, beside it, a small loop that queues the periodic sweeps
when they are due (spinewise.background.sweeps):

- Redis (django-tasks-rq): RQ's worker with django-tasks-rq's job class and our queue and
  worker classes (spinewise.background.redis_queue), and RQ's scheduler, which queues a
  retried or deferred job again when its time comes.
- Database (django-tasks-db): django-tasks-db's worker, with retries
  (spinewise.background.database_queue).

Either way it works the queues the TASKS setting gives the default backend.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_rq import RQBackend
from redis.exceptions import ConnectionError as RedisConnectionError

from spinewise.background.sweeps import queue_due_sweeps

logger = logging.getLogger("spinewise.background")

_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


def sweep_loop(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        try:
            queue_due_sweeps()
        except Exception:  # keep the worker alive; the next round tries again
            logger.exception("Could not queue the periodic sweeps.")
        finally:
            close_old_connections()
        stop.wait(interval)


@contextmanager
def signal_handlers_restored() -> Iterator[None]:
    """Both workers take over SIGINT and SIGTERM; give them back when the worker ends."""
    before = {number: signal.getsignal(number) for number in _SIGNALS}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


class Command(BaseCommand):
    help = "Run the background worker: queued tasks (emails) and the periodic sweeps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Database queue: seconds between looks at the queue.",
        )
        parser.add_argument(
            "--sweep-interval", type=float, default=60.0, help="Seconds between sweep checks."
        )
        parser.add_argument("--no-sweeps", action="store_true", help="Only run queued tasks.")
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Queue the sweeps that are due, run every task that is ready, then exit.",
        )
        parser.add_argument(
            "--no-fork",
            action="store_true",
            help="Redis: run each task in the worker's own process, not in a forked child.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, RQBackend | DatabaseBackend):
            raise CommandError(
                f"The task backend {type(backend).__name__} runs tasks inline "
                "(TASK_BACKEND=immediate): no worker is needed."
            )
        queues = sorted(backend.queues)
        level = {0: "WARNING", 1: "INFO"}.get(options["verbosity"], "DEBUG")
        stop = threading.Event()
        if options["burst"] and not options["no_sweeps"]:
            queue_due_sweeps()
        elif not options["no_sweeps"]:
            threading.Thread(
                target=sweep_loop,
                args=(stop, options["sweep_interval"]),
                name="sweeps",
                daemon=True,
            ).start()
        try:
            with signal_handlers_restored():
                if isinstance(backend, RQBackend):
                    self.run_redis(queues, options, level)
                else:
                    self.run_database(backend.alias, queues, options, level)
        finally:
            stop.set()

    def run_redis(self, queues: list[str], options: dict[str, Any], level: str) -> None:
        from spinewise.background.redis_queue import make_worker

        fork = not options["no_fork"]
        try:
            worker = make_worker(queues, fork=fork)
            if fork:
                # Each job runs in a forked child, which must open its own connections.
                connections.close_all()
            # The scheduler queues a retried (or deferred) job again when its time comes.
            worker.work(burst=options["burst"], with_scheduler=True, logging_level=level)
        except RedisConnectionError as error:
            raise CommandError(f"Could not reach Redis: {error}") from error

    def run_database(
        self, alias: str, queues: list[str], options: dict[str, Any], level: str
    ) -> None:
        from spinewise.background.database_queue import DatabaseWorker

        for name in ("django_tasks", "django_tasks_db"):
            logging.getLogger(name).setLevel(level)
        worker = DatabaseWorker(
            queue_names=queues,
            interval=options["interval"],
            batch=options["burst"],
            backend_name=alias,
            startup_delay=not options["burst"],
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        # No autoreload: it would start a second process with its own sweep loop.
        worker.configure_signals()
        worker.run()
