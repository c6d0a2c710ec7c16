"""Writes that must happen once, tried from many connections at the same moment
(docs/architecture.md, "Writes that happen once"). They run on whichever database the suite
uses: SQLite by default, PostgreSQL with DATABASE_URL.

Each test commits its set-up rows so the threads can see them (`transaction=True`). A
transactional test empties the database when it ends, so the exercise library the
migrations loaded is loaded again before each test.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import timedelta
from typing import TypeVar

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from spinewise.accounts.clinics import site_clinic
from spinewise.audit.models import AuditEntry
from spinewise.consultations import services as consultations
from spinewise.consultations.models import CallbackLine, ConsultationRequest
from spinewise.errors import Refused
from spinewise.exercises.loader import sync_library
from spinewise.exercises.models import Exercise
from spinewise.programmes import review
from spinewise.programmes import services as programmes
from spinewise.programmes.models import Programme, ProgrammeExercise
from tests.concurrency.burst import run_at_once
from tests.consultations.helpers import make_request, valid
from tests.factories import ClinicFactory, clinician
from tests.programmes.helpers import assessed_patient, programme_for

pytestmark = pytest.mark.django_db(transaction=True)

AT_ONCE = 20
PHONE = "020 7946 0777"
PHONE_STORED = "+442079460777"

T = TypeVar("T")


@pytest.fixture(autouse=True)
def library() -> None:
    sync_library(Exercise)


def answers(results: list[T | BaseException]) -> list[T]:
    """The results, failing the test with the first exception a thread raised (one that
    broke the barrier before those that it stopped)."""
    errors = [r for r in results if isinstance(r, BaseException)]
    errors.sort(key=lambda error: isinstance(error, threading.BrokenBarrierError))
    if errors:
        raise errors[0]
    return [result for result in results if not isinstance(result, BaseException)]


# --- Call requests: one per clinic and phone number in the window ---------------------------


def test_twenty_requests_from_one_phone_at_once_store_one_and_share_its_id() -> None:
    clinic = ClinicFactory.create()
    body = valid(phone=PHONE)

    submissions = answers(
        run_at_once(
            AT_ONCE,
            lambda i: consultations.request_consultation(
                body, address=f"203.0.113.{i}", clinic=clinic
            ),
        )
    )

    assert ConsultationRequest.objects.filter(clinic=clinic, phone=PHONE_STORED).count() == 1
    stored = ConsultationRequest.objects.get(clinic=clinic)
    assert {s.public_id for s in submissions} == {stored.public_id}
    assert sorted(s.created for s in submissions) == [False] * (AT_ONCE - 1) + [True]
    assert CallbackLine.objects.filter(clinic=clinic).count() == 1


def test_twenty_api_calls_from_one_phone_at_once_answer_201_once_then_200() -> None:
    # The site clinic exists, as after an installation's first request. (A burst that makes
    # it is another race: site_clinic() keeps a copy another thread may not have committed.)
    site_clinic()
    body = json.dumps(valid(phone=PHONE))

    def post(i: int) -> tuple[int, str]:
        response = Client().post(
            "/api/v1/consultations",
            body,
            content_type="application/json",
            REMOTE_ADDR=f"203.0.113.{i}",
        )
        return response.status_code, response.json()["id"]

    replies = answers(run_at_once(AT_ONCE, post))

    assert Counter(status for status, _ in replies) == {201: 1, 200: AT_ONCE - 1}
    assert len({public_id for _, public_id in replies}) == 1
    assert ConsultationRequest.objects.filter(phone=PHONE_STORED).count() == 1


def test_a_burst_after_the_window_stores_exactly_one_new_request() -> None:
    clinic = ClinicFactory.create()
    old = make_request(clinic, phone=PHONE)
    long_ago = timezone.now() - consultations.duplicate_window() - timedelta(minutes=1)
    ConsultationRequest.objects.filter(pk=old.pk).update(created_at=long_ago)
    body = valid(phone=PHONE)

    submissions = answers(
        run_at_once(
            AT_ONCE,
            lambda i: consultations.request_consultation(
                body, address=f"203.0.113.{i}", clinic=clinic
            ),
        )
    )

    new = ConsultationRequest.objects.filter(clinic=clinic).exclude(pk=old.pk)
    assert new.count() == 1
    assert {s.public_id for s in submissions} == {new.get().public_id}


def test_requests_from_different_phones_at_once_are_each_stored() -> None:
    clinic = ClinicFactory.create()
    bodies = [valid(phone=f"020 7946 0{600 + i:03d}") for i in range(AT_ONCE)]

    submissions = answers(
        run_at_once(
            AT_ONCE,
            lambda i: consultations.request_consultation(
                bodies[i], address=f"203.0.113.{i}", clinic=clinic
            ),
        )
    )

    assert all(s.created for s in submissions)
    assert ConsultationRequest.objects.filter(clinic=clinic).count() == AT_ONCE


def test_the_same_phone_at_another_clinic_is_its_own_request() -> None:
    first, second = ClinicFactory.create(), ClinicFactory.create()
    make_request(first, phone=PHONE)
    make_request(second, phone=PHONE)
    assert ConsultationRequest.objects.filter(phone=PHONE_STORED).count() == 2
    assert CallbackLine.objects.count() == 2


def test_the_callback_line_keeps_no_phone_number() -> None:
    clinic = ClinicFactory.create()
    make_request(clinic, phone=PHONE)
    line = CallbackLine.objects.get(clinic=clinic)
    assert "7946" not in line.phone_key
    assert "7946" not in str(line)


# --- Plans: one current plan per patient ----------------------------------------------------


def test_twenty_acceptances_at_once_make_one_plan() -> None:
    person, _ = assessed_patient()

    plans = answers(
        run_at_once(
            AT_ONCE,
            lambda i: programmes.accept_safety_advice(
                by=person, address=f"203.0.113.{i}", make_plan=True
            ),
        )
    )

    stored = Programme.objects.get(patient=person)  # exactly one, or this raises
    assert {plan.pk for plan in plans if plan is not None} == {stored.pk}
    assert None not in plans
    created = AuditEntry.objects.filter(patient=person, action="create", object_type="Programme")
    assert created.count() == 1


def test_twenty_plan_requests_at_once_make_one_plan() -> None:
    person, _ = assessed_patient()
    programmes.accept_safety_advice(by=person, address=None)

    plans = answers(
        run_at_once(
            AT_ONCE,
            lambda i: programmes.create_from_assessment(by=person, address=f"203.0.113.{i}"),
        )
    )

    stored = Programme.objects.get(patient=person)
    assert {plan.pk for plan in plans} == {stored.pk}
    # The plans refused by the database left no exercises behind.
    assert ProgrammeExercise.objects.count() == stored.items.count() > 0


def test_the_database_refuses_a_second_current_plan() -> None:
    programme = programme_for()
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.create(
            patient=programme.patient,
            clinic=programme.clinic,
            status=Programme.Status.AWAITING_APPROVAL,
            mode=programme.mode,
            sessions_per_week=programme.sessions_per_week,
            session_days=programme.session_days,
        )
    assert Programme.objects.filter(patient=programme.patient).count() == 1


def test_a_completed_plan_leaves_room_for_a_new_one() -> None:
    programme = programme_for()
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.COMPLETED)
    again = programmes.create_from_assessment(by=programme.patient, address=None)
    assert again.pk != programme.pk
    assert programmes.current_programme(programme.patient) == again


# --- Approval: one clinician's approval wins ------------------------------------------------


def test_ten_approvals_at_once_approve_once_and_refuse_the_rest() -> None:
    programme = programme_for(pregnant=True)
    assert programme.status == Programme.Status.AWAITING_APPROVAL
    doctor = clinician(programme.clinic)

    results = run_at_once(
        10,
        lambda i: review.approve_programme(programme.pk, by=doctor, address=f"203.0.113.{i}"),
    )

    approved = [r for r in results if isinstance(r, Programme)]
    refused = [r for r in results if isinstance(r, Refused)]
    assert (len(approved), len(refused)) == (1, 9), results
    assert all(r.status == 409 for r in refused)
    programme.refresh_from_db()
    assert (programme.status, programme.approved_by) == (Programme.Status.ACTIVE, doctor)
    assert AuditEntry.objects.filter(object_id=str(programme.pk), detail="approved").count() == 1
