"""Demo data for this capability (called by `manage.py load_demo`; must be idempotent)."""

from __future__ import annotations

from spinewise.accounts.demo import DemoPeople


def load(people: DemoPeople) -> None:
    return None
