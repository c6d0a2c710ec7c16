"""Exercise library API: public, read-only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from spinewise.api.schemas import Message
from spinewise.exercises import services
from spinewise.exercises.dose import ladder_words

router = Router(tags=["exercises"])


class ExerciseSummary(Schema):
    slug: str
    name: str
    category: str
    level: int
    position: str
    direction: str
    contraindications: list[str]


class ExerciseDetail(ExerciseSummary):
    purpose: str
    start_position: str
    steps: list[str]
    breathing: str
    feel: str
    mistakes: list[str]
    stop_if: str
    dose: dict[str, Any]
    dose_in_words: str
    easier: str | None
    harder: str | None
    illustration_svg: str
    illustration_alt: str


class FilterIn(Schema):
    category: str = ""
    level: str = ""
    direction: str = ""
    position: str = ""


@router.get("", response=list[ExerciseSummary], auth=None, summary="List exercises")
def list_exercises(request: HttpRequest, filters: Query[FilterIn]) -> list[Any]:
    return list(services.browse(services.Filters.from_query(filters.dict())))


@router.get("/{slug}", response={200: ExerciseDetail, 404: Message}, auth=None)
def exercise_detail(request: HttpRequest, slug: str) -> Status[Any]:
    exercise = services.get_exercise(slug)
    if exercise is None:
        return Status(404, {"message": "No exercise has this name."})
    return Status(
        200,
        {
            **{f: getattr(exercise, f) for f in ExerciseSummary.model_fields},
            **{
                f: getattr(exercise, f)
                for f in (
                    "purpose",
                    "start_position",
                    "steps",
                    "breathing",
                    "feel",
                    "mistakes",
                    "stop_if",
                    "dose",
                    "illustration_alt",
                )
            },
            "dose_in_words": ladder_words(exercise.dose["kind"], exercise.dose["ladder"]),
            "easier": exercise.easier.slug if exercise.easier else None,
            "harder": exercise.harder.slug if exercise.harder else None,
            "illustration_svg": exercise.svg,
        },
    )
