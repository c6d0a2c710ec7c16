"""storage.insert stores a row exactly as Model.save() would, and steps aside when it can't."""

from typing import Any

import pytest
from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext

from spinewise import clinical
from spinewise.assessments import storage
from spinewise.assessments.models import Assessment
from tests.assessments.answers import self_care
from tests.factories import ClinicFactory, patient

pytestmark = pytest.mark.django_db

# Set by the database or by save(), so they differ between any two rows.
OWN_TO_EACH_ROW = {"id", "public_id", "created_at"}


def new_assessment(**fields: Any) -> Assessment:
    answers = self_care(pain_now=7, sb_bothersomeness="very_much")
    result = clinical.assess(answers).to_dict()
    values = {
        "clinic": ClinicFactory.create(),
        "answers": {**answers, "note": "Ça fait mal — 痛い"},
        "result": result,
        "triage": result["triage"],
        "programme_start": result["programme_start"],
        "rules_version": clinical.RULES_VERSION,
        "questionnaire_version": "test",
        "client_hash": "a" * 32,
        **fields,
    }
    return Assessment(**values)


def stored_columns(assessment: Assessment) -> dict[str, Any]:
    row = Assessment.objects.filter(pk=assessment.pk).values().get()
    return {column: value for column, value in row.items() if column not in OWN_TO_EACH_ROW}


def test_inserted_row_matches_what_save_stores_in_every_column() -> None:
    owner = patient()
    by_save = new_assessment(patient=owner, clinic=owner.memberships.get().clinic)
    by_save.save()
    by_insert = new_assessment(patient=owner, clinic=by_save.clinic)

    storage.insert(by_insert)

    assert stored_columns(by_insert) == stored_columns(by_save)


def test_insert_gives_the_instance_its_id_and_marks_it_saved() -> None:
    assessment = new_assessment()

    storage.insert(assessment)

    assert assessment.pk is not None
    assert assessment._state.adding is False
    assert assessment._state.db == "default"
    assert Assessment.objects.get(pk=assessment.pk).public_id == assessment.public_id


def test_insert_fills_in_defaults_and_the_creation_time() -> None:
    assessment = new_assessment()

    storage.insert(assessment)

    stored = Assessment.objects.get(pk=assessment.pk)
    assert len(stored.public_id) >= 16
    assert stored.created_at == assessment.created_at
    assert stored.created_at is not None
    assert stored.kind == Assessment.Kind.INITIAL


def test_inserted_instance_can_be_changed_and_saved_again() -> None:
    assessment = new_assessment()
    storage.insert(assessment)

    assessment.shared_with_clinic = True
    assessment.save(update_fields=["shared_with_clinic"])

    assert Assessment.objects.filter(shared_with_clinic=True).count() == 1


def test_insert_is_one_statement() -> None:
    assessment = new_assessment()
    assessment.clinic  # noqa: B018  (loaded before counting)

    with CaptureQueriesContext(connection) as queries:
        storage.insert(assessment)

    assert len(queries) == 1
    assert queries[0]["sql"].startswith("INSERT INTO")


def test_a_model_with_save_signals_is_stored_through_save_so_they_still_fire() -> None:
    heard: list[tuple[int, bool]] = []

    def receiver(
        sender: type[Assessment], instance: Assessment, created: bool, **kwargs: Any
    ) -> None:
        heard.append((instance.pk, created))

    signals.post_save.connect(receiver, sender=Assessment)
    try:
        assessment = new_assessment()
        storage.insert(assessment)
    finally:
        signals.post_save.disconnect(receiver, sender=Assessment)

    assert heard == [(assessment.pk, True)]


def test_an_instance_with_its_own_primary_key_is_stored_through_save() -> None:
    assessment = new_assessment(id=987654)

    storage.insert(assessment)

    assert Assessment.objects.filter(pk=987654).exists()


def test_repeated_inserts_reuse_the_statement_built_the_first_time() -> None:
    storage.insert(new_assessment())
    before = storage._statement.cache_info()

    storage.insert(new_assessment())

    after = storage._statement.cache_info()
    assert after.hits == before.hits + 1
    assert after.misses == before.misses


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan is stable on tiny tables")
def test_a_patients_newest_assessment_is_found_through_the_partial_index() -> None:
    owner = patient()
    query = Assessment.objects.filter(patient=owner).order_by("-created_at")[:1]

    plan = query.explain()

    assert "assessments_by_patient" in plan
