"""One command for the background worker, whatever the task backend.

It runs the backend's own worker (database queue: db_worker; Redis: rqworker) and, beside
it, a small loop that queues the periodic sweeps when they are due.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from spinewise.background.sweeps import queue_due_sweeps

logger = logging.getLogger(__name__)


def sweep_loop(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        try:
            queue_due_sweeps()
        except Exception:  # keep the worker alive; the next round tries again
            logger.exception("Could not queue the periodic sweeps.")
        finally:
            close_old_connections()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Run the background worker: queued tasks (emails) and the periodic sweeps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between looks at the queue."
        )
        parser.add_argument(
            "--sweep-interval", type=float, default=60.0, help="Seconds between sweep checks."
        )
        parser.add_argument("--no-sweeps", action="store_true", help="Only run queued tasks.")

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASK_BACKEND
        if backend == "immediate":
            raise CommandError("TASK_BACKEND=immediate runs tasks inline: no worker is needed.")
        stop = threading.Event()
        if not options["no_sweeps"]:
            threading.Thread(
                target=sweep_loop,
                args=(stop, options["sweep_interval"]),
                name="sweeps",
                daemon=True,
            ).start()
        try:
            if backend == "redis":
                call_command("rqworker", "default")
            else:
                # No autoreload: it would start a second process with its own sweep loop.
                call_command("db_worker", interval=options["interval"], reload=False)
        finally:
            stop.set()
