"""The exercise library as data: read the JSON files and check them (pure, no Django).

Data format and tag vocabulary: docs/exercises.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from itertools import pairwise
from pathlib import Path
from typing import Any

CONTENT = Path(__file__).resolve().parent.parent / "content" / "exercises"
CATEGORIES = ("mobility", "stretch", "motor_control", "strength", "aerobic")
POSITIONS = ("standing", "sitting", "supine", "prone", "side_lying", "kneeling", "quadruped")
DIRECTIONS = ("flexion", "extension", "neutral")
CONTRAINDICATIONS = ("pregnancy", "recent_surgery", "osteoporosis", "acute_radicular_pain")
DOSE_KEYS = {"reps": ("reps", "sets"), "hold": ("seconds", "reps"), "minutes": ("minutes",)}
TEXT_FIELDS = (
    "name",
    "purpose",
    "start_position",
    "breathing",
    "feel",
    "stop_if",
    "illustration_alt",
)
LIST_FIELDS = ("steps", "mistakes")


class LibraryError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_library(folder: Path = CONTENT) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def volume(kind: str, rung: Mapping[str, int]) -> int:
    """How much work one rung asks for, so a ladder can be checked to rise."""
    if kind == "minutes":
        return rung["minutes"]
    if kind == "hold":
        return rung["seconds"] * rung["reps"]
    return rung["reps"] * rung["sets"]


def _check_one(item: Mapping[str, Any]) -> list[str]:
    slug = item.get("slug") or "(no slug)"
    problems = []
    for name in TEXT_FIELDS:
        if not isinstance(item.get(name), str) or not item[name].strip():
            problems.append(f"{slug}: '{name}' must be some text.")
    for name in LIST_FIELDS:
        value = item.get(name)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v for v in value)
        ):
            problems.append(f"{slug}: '{name}' must be a list of sentences.")
    if item.get("category") not in CATEGORIES:
        problems.append(f"{slug}: category must be one of {', '.join(CATEGORIES)}.")
    if item.get("position") not in POSITIONS:
        problems.append(f"{slug}: position must be one of {', '.join(POSITIONS)}.")
    if item.get("direction") not in DIRECTIONS:
        problems.append(f"{slug}: direction must be one of {', '.join(DIRECTIONS)}.")
    level = item.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        problems.append(f"{slug}: level must be a whole number from 1 to 5.")
    tags = item.get("contraindications")
    if not isinstance(tags, list) or any(t not in CONTRAINDICATIONS for t in tags):
        problems.append(f"{slug}: contraindications must come from {', '.join(CONTRAINDICATIONS)}.")
    problems += _check_dose(slug, item.get("dose"))
    poses = item.get("poses")
    if not isinstance(poses, dict) or not {"start", "end"} <= set(poses):
        problems.append(f"{slug}: poses needs a start and an end.")
    return problems


def _check_dose(slug: str, dose: Any) -> list[str]:
    if not isinstance(dose, dict) or dose.get("kind") not in DOSE_KEYS:
        return [f"{slug}: dose kind must be one of {', '.join(DOSE_KEYS)}."]
    kind, ladder = dose["kind"], dose.get("ladder")
    keys = DOSE_KEYS[kind]
    if (
        not isinstance(ladder, list)
        or not ladder
        or not all(
            isinstance(r, dict)
            and set(r) == set(keys)
            and all(isinstance(r[k], int) and r[k] > 0 for k in keys)
            for r in ladder
        )
    ):
        return [f"{slug}: each dose step needs {' and '.join(keys)} as positive whole numbers."]
    volumes = [volume(kind, rung) for rung in ladder]
    if any(b <= a for a, b in pairwise(volumes)):
        return [f"{slug}: each dose step must ask for more than the one before."]
    return []


def _check_chains(items: Iterable[Mapping[str, Any]]) -> list[str]:
    by_slug = {i["slug"]: i for i in items}
    problems = []
    for slug, item in by_slug.items():
        for link, back in (("harder", "easier"), ("easier", "harder")):
            other = item.get(link)
            if other is None:
                continue
            if other not in by_slug:
                problems.append(f"{slug}: '{link}' names {other}, which is not in the library.")
            elif by_slug[other].get(back) != slug:
                problems.append(
                    f"{slug}: '{link}' is {other}, but {other}'s '{back}' is not {slug}."
                )
        seen, current = {slug}, item
        while current.get("harder") in by_slug:
            nxt = by_slug[current["harder"]]
            if nxt["slug"] in seen:
                problems.append(f"{slug}: its chain of harder exercises loops back on itself.")
                break
            if nxt.get("level", 0) < current.get("level", 0):
                problems.append(f"{nxt['slug']}: a harder exercise cannot have a lower level.")
            seen.add(nxt["slug"])
            current = nxt
    return problems


def validate_library(items: list[dict[str, Any]]) -> None:
    """Raise LibraryError listing every problem, in plain words."""
    problems: list[str] = []
    slugs = [i.get("slug") for i in items]
    if len(slugs) != len(set(slugs)):
        problems.append("Two exercises share a slug.")
    for item in items:
        problems += _check_one(item)
    if not problems:
        problems += _check_chains(items)
    if problems:
        raise LibraryError(problems)
