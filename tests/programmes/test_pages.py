import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from spinewise.accounts.models import Membership
from spinewise.audit.models import AuditEntry
from spinewise.programmes.models import Programme, SafetyAcknowledgement
from tests.factories import ClinicFactory, clinician, patient
from tests.programmes.helpers import assessed_patient, programme_for

pytestmark = pytest.mark.django_db


def test_patient_with_self_care_result_is_sent_to_the_safety_gate(client: Client) -> None:
    person, _ = assessed_patient()
    client.force_login(person)
    assert client.get(reverse("programmes:mine"))["Location"] == reverse("programmes:safety")


def test_safety_gate_needs_both_boxes_ticked(client: Client) -> None:
    person, _ = assessed_patient()
    client.force_login(person)
    response = client.post(reverse("programmes:safety"), {"consulted": "on"})
    assert response.status_code == 422
    assert "Please tick this box to show you have read it." in response.content.decode()
    assert not SafetyAcknowledgement.objects.exists()


def test_accepting_the_safety_advice_creates_the_plan_and_shows_today(client: Client) -> None:
    person, _ = assessed_patient()
    client.force_login(person)
    response = client.post(reverse("programmes:safety"), {"consulted": "on", "stop_rule": "on"})
    assert response["Location"] == reverse("programmes:mine")
    page = client.get(reverse("programmes:mine")).content.decode()
    assert "Today's exercises" in page
    assert "Daily walk" in page
    assert Programme.objects.get(patient=person).status == "active"


def test_blocked_result_explains_and_offers_a_call(client: Client) -> None:
    person, _ = assessed_patient(rf_cancer_history=True)
    client.force_login(person)
    page = client.get(reverse("programmes:mine")).content.decode()
    assert "Please see a doctor first" in page
    assert "tel:" in page


def test_plan_waiting_for_approval_shows_the_gentle_starter(client: Client) -> None:
    programme = programme_for(pregnant=True)
    client.force_login(programme.patient)
    page = client.get(reverse("programmes:mine")).content.decode()
    assert "Waiting for your clinician" in page
    assert "A gentle start you can do now" in page


def test_rest_day_is_shown_on_days_without_a_session(client: Client) -> None:
    programme = programme_for()
    start_date = programme.start_date
    assert start_date is not None
    rest_day = next(
        start_date + timedelta(days=n) for n in range(7) if n not in programme.session_days
    )
    with time_machine.travel(
        datetime.combine(rest_day, time(12), tzinfo=timezone.get_current_timezone())
    ):
        client.force_login(programme.patient)  # days later: the old session has expired
        page = client.get(reverse("programmes:mine")).content.decode()
    assert "Today is a rest day" in page


def test_another_patient_cannot_open_a_plan_review(client: Client) -> None:
    programme = programme_for()
    client.force_login(patient(programme.clinic))
    assert client.get(reverse("programmes:review", args=[programme.pk])).status_code == 404


def test_clinician_of_another_clinic_gets_404(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(ClinicFactory.create()))
    assert client.get(reverse("programmes:review", args=[programme.pk])).status_code == 404


def test_clinician_approves_a_waiting_plan(client: Client) -> None:
    programme = programme_for(pregnant=True)
    client.force_login(clinician(programme.clinic))
    client.post(reverse("programmes:review", args=[programme.pk]), {"note": "Keep it easy."})
    programme.refresh_from_db()
    assert programme.status == "active"
    assert programme.clinician_note == "Keep it easy."


def test_review_list_query_count_does_not_grow_with_plans(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    clinic = ClinicFactory.create()
    doctor = clinician(clinic)
    client.force_login(doctor)
    programme_for(clinic)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("programmes:review_list"))
    for _ in range(4):
        programme_for(clinic)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("programmes:review_list"))


def test_clinician_creates_a_patient_and_plan_with_an_email_invite(client: Client) -> None:
    clinic = ClinicFactory.create()
    client.force_login(clinician(clinic))
    data = {
        "full_name": "Rita Moss",
        "email": "rita@example.org",
        "pain_now": "5",
        "directional_preference": "none",
        "care_pathway": "physio_supported",
    }
    response = client.post(reverse("programmes:new_patient"), data)
    assert response.status_code == 302
    programme = Programme.objects.get(patient__email="rita@example.org")
    assert programme.approved_by is not None
    assert mail.outbox[-1].to == ["rita@example.org"]
    assert re.search(r"/accounts/reset/[^/]+/[^/]+/", str(mail.outbox[-1].body))


def test_printable_sheet_lists_every_exercise(client: Client) -> None:
    programme = programme_for()
    client.force_login(programme.patient)
    page = client.get(reverse("programmes:sheet")).content.decode()
    for item in programme.items.select_related("exercise"):
        assert item.exercise.name in page


def test_invited_patient_sets_a_password_and_their_plan_starts_the_day_they_accept(
    client: Client,
) -> None:
    clinic = ClinicFactory.create()
    client.force_login(clinician(clinic))
    data = {
        "full_name": "Rita Moss",
        "email": "rita@example.org",
        "pain_now": "5",
        "directional_preference": "none",
        "care_pathway": "physio_supported",
    }
    client.post(reverse("programmes:new_patient"), data)
    client.logout()
    found = re.search(r"(/accounts/reset/[^/]+/[^/]+/)", str(mail.outbox[-1].body))
    assert found is not None
    link = found.group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session key first
    client.post(
        form_url, {"new_password1": "tall-oak-meadow-4", "new_password2": "tall-oak-meadow-4"}
    )
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        signed_in = client.post(
            reverse("login"), {"username": "rita@example.org", "password": "tall-oak-meadow-4"}
        )
        assert signed_in.status_code == 302
        assert client.get(reverse("programmes:mine"))["Location"] == reverse("programmes:safety")
        client.post(reverse("programmes:safety"), {"consulted": "on", "stop_rule": "on"})
        programme = Programme.objects.get(patient__email="rita@example.org")
        assert programme.start_date == timezone.localdate()
        page = client.get(reverse("programmes:mine"))
    assert page.status_code == 200


def test_accepting_the_safety_advice_is_audited(client: Client) -> None:
    person, _ = assessed_patient()
    client.force_login(person)
    client.post(reverse("programmes:safety"), {"consulted": "on", "stop_rule": "on"})
    kinds = set(
        AuditEntry.objects.filter(patient=person, action="create").values_list(
            "object_type", flat=True
        )
    )
    assert kinds == {"SafetyAcknowledgement", "Programme"}


def test_a_clinician_cannot_review_their_own_plan(client: Client) -> None:
    programme = programme_for(pregnant=True)
    Membership.objects.create(user=programme.patient, clinic=programme.clinic, role="clinician")
    client.force_login(programme.patient)
    response = client.get(reverse("programmes:review", args=[programme.pk]))
    assert response.status_code == 404
    listing = client.get(reverse("programmes:review_list")).content.decode()
    assert reverse("programmes:review", args=[programme.pk]) not in listing
