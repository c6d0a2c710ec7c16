import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from spinewise.exercises.library import read_library
from spinewise.exercises.loader import sync_library
from spinewise.exercises.models import Exercise
from tests.factories import ClinicFactory, clinic_admin, clinician

pytestmark = pytest.mark.django_db


def test_a_freshly_migrated_database_has_the_library() -> None:
    assert Exercise.objects.count() == len(read_library())
    bridge = Exercise.objects.get(slug="glute-bridge")
    assert bridge.harder is not None
    assert bridge.harder.slug == "bridge-march"
    assert bridge.svg.startswith("<svg")


def test_loading_again_changes_nothing_that_matters() -> None:
    before = list(Exercise.objects.order_by("slug").values_list("slug", "name", "harder__slug"))
    sync_library(Exercise)
    after = list(Exercise.objects.order_by("slug").values_list("slug", "name", "harder__slug"))
    assert before == after


def test_loading_keeps_a_clinics_own_edits_unless_forced() -> None:
    Exercise.objects.filter(slug="walking").update(name="Our walk", locally_edited=True)
    sync_library(Exercise)
    assert Exercise.objects.get(slug="walking").name == "Our walk"
    sync_library(Exercise, force=True)
    assert Exercise.objects.get(slug="walking").name == "Walking"


def test_descriptor_is_what_the_rules_read() -> None:
    descriptor = Exercise.objects.get(slug="glute-bridge").to_descriptor()
    assert descriptor["harder"] == "bridge-march" and descriptor["easier"] is None
    assert "purpose" not in descriptor


def test_library_page_lists_every_active_exercise(client: Client) -> None:
    Exercise.objects.filter(slug="walking").update(is_active=False)
    page = client.get(reverse("exercises:library")).content.decode()
    assert f"{Exercise.objects.filter(is_active=True).count()} exercises" in page
    assert "Brisk walking" in page and ">Walking<" not in page


def test_filters_narrow_the_list(client: Client) -> None:
    page = client.get(reverse("exercises:library"), {"category": "aerobic"}).content.decode()
    assert "3 exercises" in page
    assert "Bird dog" not in page


def test_unknown_filter_values_are_ignored(client: Client) -> None:
    response = client.get(reverse("exercises:library"), {"level": "99", "category": "<x>"})
    assert response.status_code == 200
    assert f"{Exercise.objects.count()} exercises" in response.content.decode()


def test_library_page_query_count_does_not_depend_on_results(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client.get(reverse("exercises:library"))  # warm up: the site clinic is kept after a read
    with django_assert_num_queries(1) as all_rows:  # session-less page: the exercises
        client.get(reverse("exercises:library"))
    with django_assert_num_queries(len(all_rows.captured_queries)):
        client.get(reverse("exercises:library"), {"category": "stretch"})


def test_detail_page_shows_picture_steps_and_when_to_stop(client: Client) -> None:
    page = client.get(reverse("exercises:detail", args=["bird-dog"])).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "When to stop" in page and "call the clinic" in page
    assert "Start with: 8 times" in page
    assert "Easier: Hands and knees leg slide" in page


def test_detail_page_of_a_hold_exercise_offers_a_timer(client: Client) -> None:
    page = client.get(reverse("exercises:detail", args=["bird-dog-hold"])).content.decode()
    assert 'data-seconds="10"' in page


def test_unknown_exercise_is_a_plain_404(client: Client) -> None:
    assert client.get(reverse("exercises:detail", args=["moonwalk"])).status_code == 404


def test_api_lists_with_filters(client: Client) -> None:
    body = client.get("/api/v1/exercises", {"direction": "extension"}).json()
    assert body and all(e["direction"] == "extension" for e in body)


def test_api_detail_has_every_field(client: Client) -> None:
    body = client.get("/api/v1/exercises/glute-bridge").json()
    assert body["harder"] == "bridge-march"
    assert body["steps"] and body["stop_if"] and body["illustration_svg"].startswith("<svg")
    assert body["dose_in_words"].startswith("Start with")


def test_api_unknown_exercise_is_404_json(client: Client) -> None:
    response = client.get("/api/v1/exercises/moonwalk")
    assert response.status_code == 404
    assert json.loads(response.content)["message"]


def test_clinic_admin_can_edit_an_exercise_in_the_admin(client: Client) -> None:
    client.force_login(clinic_admin(ClinicFactory.create()))
    exercise = Exercise.objects.get(slug="walking")
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    assert client.get(url).status_code == 200


def test_clinician_cannot_edit_the_library(client: Client) -> None:
    client.force_login(clinician(ClinicFactory.create()))
    response = client.get(reverse("admin:exercises_exercise_changelist"))
    assert response.status_code == 302


def test_filter_change_from_htmx_gets_just_the_list_and_count(client: Client) -> None:
    response = client.get(
        reverse("exercises:library"), {"category": "aerobic"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="result-count" hx-swap-oob="innerHTML"' in body
    assert body.count("<li>") == Exercise.objects.filter(category="aerobic").count()
    assert "HX-Request" in response["Vary"]


def test_library_page_without_htmx_is_a_whole_page(client: Client) -> None:
    body = client.get(reverse("exercises:library"), {"category": "aerobic"}).content.decode()
    assert "<html" in body
    assert 'hx-get="/exercises/"' in body


def _admin_change_data(
    client: Client, exercise: Exercise, **changes: Any
) -> tuple[str, dict[str, Any]]:
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    form = client.get(url).context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    data.update(changes)
    return url, data


def test_admin_edit_redraws_the_illustration_and_keeps_the_edit(client: Client) -> None:
    client.force_login(clinic_admin(ClinicFactory.create()))
    exercise = Exercise.objects.get(slug="glute-bridge")
    url, data = _admin_change_data(
        client,
        exercise,
        illustration_alt="Lying down, then hips up.",
        poses=json.dumps({"start": "supine_knees_bent", "end": "supine_knees_bent"}),
    )
    assert client.post(url, data).status_code == 302
    exercise.refresh_from_db()
    assert exercise.locally_edited is True
    assert exercise.illustration_alt == "Lying down, then hips up."
    assert '<desc id="glute-bridge-desc">Lying down, then hips up.</desc>' in exercise.svg


def test_admin_unknown_pose_is_a_plain_error_not_a_500(client: Client) -> None:
    client.force_login(clinic_admin(ClinicFactory.create()))
    exercise = Exercise.objects.get(slug="glute-bridge")
    url, data = _admin_change_data(
        client, exercise, poses=json.dumps({"start": "handstand", "end": "bridge"})
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Unknown pose &#x27;handstand&#x27;" in response.content.decode()
