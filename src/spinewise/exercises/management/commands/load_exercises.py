from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spinewise.exercises.library import LibraryError
from spinewise.exercises.loader import sync_library
from spinewise.exercises.models import Exercise
from spinewise.exercises.poses import FigureError


class Command(BaseCommand):
    help = "Load the exercise library files. Keeps exercises your clinic edited unless --force."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Overwrite local edits too.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            changed = sync_library(Exercise, force=options["force"])
        except LibraryError as error:
            raise CommandError("The library files have problems:\n" + str(error)) from error
        except FigureError as error:
            raise CommandError(f"The figure data has a problem: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Exercise library up to date ({changed} loaded)."))
