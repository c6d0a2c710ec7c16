"""The demo clinic: every role, several patients, plans in each state, safe to load twice."""

import io

import pytest
from django.core.management import call_command

from spinewise.accounts.demo import OTHER_CLINICIAN, PATIENTS, TEAM
from spinewise.accounts.models import Membership, Role, User
from spinewise.programmes.models import Programme

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_has_every_role_and_several_patients() -> None:
    load()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {Role.PATIENT, Role.CLINICIAN, Role.STAFF, Role.CLINIC_ADMIN}
    assert Membership.objects.filter(role=Role.PATIENT).count() >= 3


def test_demo_has_plans_waiting_active_and_paused() -> None:
    load()
    states = set(Programme.objects.values_list("status", flat=True))
    assert states >= {"awaiting_approval", "active", "paused"}


def test_loading_the_demo_twice_adds_nothing() -> None:
    load()
    counts = (User.objects.count(), Membership.objects.count(), Programme.objects.count())
    load()
    assert (User.objects.count(), Membership.objects.count(), Programme.objects.count()) == counts


def test_demo_prints_every_sign_in() -> None:
    out = load()
    for email, *_ in [*TEAM, *PATIENTS, OTHER_CLINICIAN]:
        assert email in out
    assert "plan waiting for clinician approval" in out
