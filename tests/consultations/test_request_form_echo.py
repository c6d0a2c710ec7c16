"""The call form never echoes an unknown choice back (issue 11, finding 8a): only our own
plain message shows beside 'When is best to call you?'."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.consultations.helpers import next_phone

pytestmark = pytest.mark.django_db

OUR_MESSAGE = "Please choose when to call: morning, afternoon, evening or any."


def post_call_request(client: Client, preferred_time: str) -> tuple[int, str]:
    data = {
        "name": "Ann Example",
        "phone": next_phone(),
        "preferred_time": preferred_time,
        "consent_to_contact": "on",
    }
    response = client.post(reverse("consultations:request"), data)
    return response.status_code, response.content.decode()


def test_an_unknown_preferred_time_shows_only_our_message(client: Client) -> None:
    status, page = post_call_request(client, "midnight")

    assert status == 422
    assert OUR_MESSAGE in page
    assert "Select a valid choice" not in page


def test_an_unknown_preferred_time_is_not_echoed_back(client: Client) -> None:
    sent = "q" * 200_000

    _, page = post_call_request(client, sent)

    assert "q" * 100 not in page
    assert len(page) < 50_000
