"""Demo programmes: active, waiting for approval, and paused, for the demo patients."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from spinewise.accounts.demo import DemoPeople
from spinewise.clinical import ProgrammeStart
from spinewise.programmes import review, services
from spinewise.programmes.models import Programme


def load(people: DemoPeople) -> None:
    clinician = people.team["clinician"]
    for index, patient in enumerate(people.patients):
        assessment = services.latest_assessment(patient)
        if assessment is None or Programme.objects.filter(patient=patient).exists():
            continue
        if assessment.programme_start == ProgrammeStart.BLOCKED:
            continue
        programme = services.accept_safety_advice(by=patient, address=None, make_plan=True)
        assert programme is not None  # the patient has an assessment that allows a plan
        if programme.status == Programme.Status.ACTIVE:
            # Started some weeks ago, so the demo shows a plan under way.
            Programme.objects.filter(pk=programme.pk).update(
                start_date=timezone.localdate() - timedelta(days=7 * (3 + index))
            )
        if index == 2 and programme.status == Programme.Status.AWAITING_APPROVAL:
            note = "Keep the leg exercises gentle at first."
            review.approve_programme(programme.pk, by=clinician, note=note, address=None)
            reason = "Your leg symptoms spread after a session. We will call you to talk it over."
            review.pause_programme(programme.pk, by=clinician, reason=reason, address=None)
