"""Browsing the library: filters from the query string, checked against the vocabularies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from spinewise.exercises.models import Category, Direction, Exercise, Position


@dataclass(frozen=True)
class Filters:
    category: str = ""
    level: int | None = None
    direction: str = ""
    position: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        """Unknown values are ignored rather than failing: a stale link still shows the list."""
        level = query.get("level", "")
        return cls(
            category=query.get("category", "") if query.get("category") in Category.values else "",
            level=int(level) if level in {"1", "2", "3", "4", "5"} else None,
            direction=query.get("direction", "")
            if query.get("direction") in Direction.values
            else "",
            position=query.get("position", "") if query.get("position") in Position.values else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.category or self.level or self.direction or self.position)


def browse(filters: Filters) -> QuerySet[Exercise]:
    exercises = Exercise.objects.filter(is_active=True).defer("svg", "poses")
    if filters.category:
        exercises = exercises.filter(category=filters.category)
    if filters.level:
        exercises = exercises.filter(level=filters.level)
    if filters.direction:
        exercises = exercises.filter(direction=filters.direction)
    if filters.position:
        exercises = exercises.filter(position=filters.position)
    return exercises


def get_exercise(slug: str) -> Exercise | None:
    return (
        Exercise.objects.filter(slug=slug, is_active=True)
        .select_related("easier", "harder")
        .first()
    )
