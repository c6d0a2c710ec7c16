"""The demo clinic's call-back queue shows every state, with one urgent request overdue."""

import io

import pytest
from django.core.management import call_command

from spinewise.consultations import queue
from spinewise.consultations.models import ConsultationRequest, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_queue_has_a_request_in_every_state(demo: None) -> None:
    states = set(ConsultationRequest.objects.values_list("status", flat=True))
    assert states == set(Status.values)


def test_the_demo_queue_has_an_overdue_urgent_request(demo: None) -> None:
    overdue = [
        row for row in ConsultationRequest.objects.filter(urgency="urgent") if queue.is_overdue(row)
    ]
    assert len(overdue) == 1
    assert overdue[0].assessment is not None
    assert overdue[0].assessment.triage == "urgent"


def test_loading_the_demo_twice_adds_no_more_requests(demo: None) -> None:
    count = ConsultationRequest.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert ConsultationRequest.objects.count() == count
