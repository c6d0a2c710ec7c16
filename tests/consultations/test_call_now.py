"""Call-now and ask-for-a-call where they help, aware of the clinic's opening hours."""

from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings
from time_machine import TimeMachineFixture

from spinewise.accounts.clinics import site_clinic
from spinewise.accounts.models import Clinic
from spinewise.assessments import browser
from spinewise.assessments import services as assessment_services
from spinewise.assessments.models import Assessment
from tests.assessments.answers import self_care

pytestmark = pytest.mark.django_db

TUESDAY_MORNING = "2026-11-24 10:00Z"
TUESDAY_NIGHT = "2026-11-24 22:00Z"


@pytest.fixture
def open_hours(settings: Settings) -> Clinic:
    clinic = site_clinic()
    clinic.opening_hours = "Mon-Fri 08:00-18:00"
    clinic.save()
    return clinic


def result_page(client: Client, **answers: Any) -> tuple[str, Assessment]:
    assessment = assessment_services.create_assessment(
        self_care(**answers), site_clinic(), address="x"
    )
    session = client.session
    session[browser.SESSION_KEY] = [assessment.public_id]
    session.save()
    return client.get(f"/assessment/result/{assessment.public_id}/").content.decode(), assessment


def test_an_urgent_result_offers_call_now_and_a_linked_call_request(
    client: Client, open_hours: Clinic
) -> None:
    page, assessment = result_page(client, rf_fever=True)
    assert f'href="tel:{open_hours.phone.replace(" ", "")}"' in page
    assert f"/consultations/request/?assessment={assessment.public_id}" in page


def test_an_urgent_result_while_open_says_the_clinic_is_open(
    client: Client, open_hours: Clinic, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(TUESDAY_MORNING)
    page, _ = result_page(client, rf_fever=True)
    assert "Open now until 18:00" in page
    assert "out-of-hours doctor" not in page


def test_an_urgent_result_while_closed_says_not_to_wait_for_the_clinic(
    client: Client, open_hours: Clinic, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(TUESDAY_NIGHT)
    page, _ = result_page(client, rf_fever=True)
    assert "Opens Wednesday at 08:00" in page
    assert "out-of-hours doctor today" in page


def test_a_self_care_result_while_closed_says_we_will_call_when_we_open(
    client: Client, open_hours: Clinic, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(TUESDAY_NIGHT)
    page, _ = result_page(client)
    assert "we will ring when we open" in page


def test_every_page_has_call_now_in_the_header(client: Client) -> None:
    page = client.get("/consultations/request/").content.decode()
    assert 'class="call-now"' in page
