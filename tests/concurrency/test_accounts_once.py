"""One account per email, also when two clinicians add the same patient at the same moment:
the database's unique email decides, and the loser gets the plain "already an account"."""

from __future__ import annotations

import pytest

from spinewise.accounts.models import User
from spinewise.errors import InvalidInput
from spinewise.exercises.loader import sync_library
from spinewise.exercises.models import Exercise
from spinewise.programmes import review
from spinewise.programmes.models import Programme
from tests.concurrency.burst import run_at_once
from tests.factories import ClinicFactory, clinician

pytestmark = pytest.mark.django_db(transaction=True)
AT_ONCE = 10


def test_ten_clinicians_adding_one_email_at_once_make_one_account() -> None:
    sync_library(Exercise)
    clinic = ClinicFactory.create()
    doctors = [clinician(clinic) for _ in range(AT_ONCE)]

    def add(i: int) -> Programme:
        return review.invite_patient(
            by=doctors[i],
            email="same.person@example.org",
            full_name="Same Person",
            pain_now=4,
            odi_pct=None,
            directional_preference="none",
            care_pathway="guided_self_management",
            contraindications=[],
            address=None,
        )

    results = run_at_once(AT_ONCE, add)

    made = [r for r in results if isinstance(r, Programme)]
    refused = [r for r in results if isinstance(r, InvalidInput)]
    assert (len(made), len(refused)) == (1, AT_ONCE - 1)
    assert all(r.first_message_for("email") for r in refused)
    assert User.objects.filter(email="same.person@example.org").count() == 1
