"""The demo needs the library; a migrated database has it already, this makes sure."""

from __future__ import annotations

from spinewise.accounts.demo import DemoPeople
from spinewise.exercises.loader import sync_library
from spinewise.exercises.models import Exercise


def load(people: DemoPeople) -> None:
    if not Exercise.objects.exists():
        sync_library(Exercise)
