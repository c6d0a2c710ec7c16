from __future__ import annotations

from typing import Any

from spinewise.accounts.models import Clinic, User
from spinewise.assessments import services as assessments
from spinewise.assessments.models import Assessment
from spinewise.programmes import services
from spinewise.programmes.models import Programme
from tests.assessments.answers import self_care
from tests.factories import patient


def assessed_patient(clinic: Clinic | None = None, **answers: Any) -> tuple[User, Assessment]:
    person = patient(clinic)
    clinic = person.memberships.get().clinic
    assessment = assessments.create_assessment(
        self_care(**answers), clinic, address="test", patient=person
    )
    return person, assessment


def programme_for(clinic: Clinic | None = None, **answers: Any) -> Programme:
    person, _ = assessed_patient(clinic, **answers)
    programme = services.accept_safety_advice(by=person, address=None, make_plan=True)
    assert programme is not None
    return programme
