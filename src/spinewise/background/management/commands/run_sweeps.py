from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spinewise.background.sweeps import queue_due_sweeps


class Command(BaseCommand):
    help = "Queue the periodic sweeps that are due (once, e.g. from cron, or every --interval)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Queue what is due and exit.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for name in queue_due_sweeps():
                self.stdout.write(f"Queued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
