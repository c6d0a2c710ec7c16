"""Load the library files into the database. Idempotent; keeps a clinic's own edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spinewise.exercises.illustrate import render
from spinewise.exercises.library import CONTENT, read_library, validate_library

FIELDS = (
    "name",
    "category",
    "level",
    "position",
    "direction",
    "contraindications",
    "dose",
    "purpose",
    "start_position",
    "steps",
    "breathing",
    "feel",
    "mistakes",
    "stop_if",
    "illustration_alt",
    "poses",
)


def sync_library(model: Any, folder: Path = CONTENT, *, force: bool = False) -> int:
    """Create missing exercises and update unedited ones; `force` overwrites clinic edits.

    `model` is the Exercise model (or its historical version inside a migration).
    Returns how many exercises were created or updated.
    """
    items = read_library(folder)
    validate_library(items)
    changed = 0
    existing = {e.slug: e for e in model.objects.all()}
    for item in items:
        values = {name: item[name] for name in FIELDS}
        poses = item["poses"]
        values["svg"] = render(
            item["slug"], poses["start"], poses["end"], item["illustration_alt"], item["name"]
        )
        current = existing.get(item["slug"])
        if current is None:
            existing[item["slug"]] = model.objects.create(slug=item["slug"], **values)
            changed += 1
        elif force or not current.locally_edited:
            for name, value in values.items():
                setattr(current, name, value)
            current.locally_edited = False
            current.save()
            changed += 1
    for item in items:
        exercise = existing[item["slug"]]
        if exercise.locally_edited and not force:
            continue
        exercise.easier = existing.get(item["easier"]) if item.get("easier") else None
        exercise.harder = existing.get(item["harder"]) if item.get("harder") else None
        exercise.save(update_fields=["easier", "harder"])
    return changed
