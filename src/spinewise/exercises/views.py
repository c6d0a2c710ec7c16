from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from spinewise.exercises import services
from spinewise.exercises.dose import dose_words, ladder_words
from spinewise.exercises.models import Category, Direction, Position


def library(request: HttpRequest) -> HttpResponse:
    filters = services.Filters.from_query(request.GET)
    exercises = list(services.browse(filters))
    context = {
        "filters": filters,
        "exercises": exercises,
        "categories": Category.choices,
        "directions": Direction.choices,
        "positions": Position.choices,
        "levels": range(1, 6),
    }
    if request.headers.get("HX-Request") == "true":
        # htmx swaps in just the list (and the count) when a filter changes.
        response = render(request, "exercises/_results.html", {**context, "partial": True})
    else:
        response = render(request, "exercises/library.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = services.get_exercise(slug)
    if exercise is None:
        raise Http404("No such exercise.")
    kind, ladder = exercise.dose["kind"], exercise.dose["ladder"]
    first = ladder[0]
    context = {
        "exercise": exercise,
        "first_dose": dose_words(kind, first),
        "ladder": ladder_words(kind, ladder),
        "timer_seconds": first.get("seconds") or (first.get("minutes", 0) * 60) or None,
    }
    return render(request, "exercises/detail.html", context)
