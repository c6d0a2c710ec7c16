"""Demo call-back queue: a request in every state, one urgent request overdue.

Phone numbers are from Ofcom's ranges kept for drama, so none is a real person's.
Idempotent: nothing is added once the demo clinic has requests.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from spinewise.accounts.demo import DemoPeople
from spinewise.accounts.models import Role
from spinewise.assessments.models import Assessment, Triage
from spinewise.consultations import queue, targets
from spinewise.consultations.models import (
    CallOutcome,
    ClosedReason,
    ConsultationRequest,
    PreferredTime,
    Urgency,
)


def _make(
    people: DemoPeople,
    name: str,
    phone: str,
    hours_ago: float,
    *,
    reason: str = "",
    preferred_time: str = PreferredTime.ANY,
    assessment: Assessment | None = None,
    patient_index: int | None = None,
) -> ConsultationRequest:
    created = timezone.now() - timedelta(hours=hours_ago)
    urgency = (
        Urgency.URGENT
        if assessment and assessment.triage in (Triage.EMERGENCY, Triage.URGENT)
        else Urgency.ROUTINE
    )
    request = ConsultationRequest.objects.create(
        clinic=people.clinic,
        name=name,
        phone=phone,
        reason=reason,
        preferred_time=preferred_time,
        consent_to_contact=True,
        assessment=assessment,
        patient=people.patients[patient_index] if patient_index is not None else None,
        triage=assessment.triage if assessment else "",
        urgency=urgency,
        due_at=targets.due_at(people.clinic, urgency, created),
        client_hash="demo",
    )
    # created_at is set on insert; move it back to when the person asked.
    ConsultationRequest.objects.filter(pk=request.pk).update(created_at=created)
    request.created_at = created
    return request


def load(people: DemoPeople) -> None:
    if ConsultationRequest.objects.filter(clinic=people.clinic).exists():
        return
    staff = people.team[Role.STAFF]
    urgent_result = Assessment.objects.filter(
        clinic=people.clinic, triage=Triage.URGENT, patient__isnull=True
    ).first()

    overdue = _make(
        people,
        "Graham Fletcher",
        "+441134960123",
        hours_ago=30,
        reason="My back pain came with a fever and I feel unwell.",
        assessment=urgent_result,
    )
    # Keep it overdue however the clinic's hours fall today: the target passed two hours ago.
    ConsultationRequest.objects.filter(pk=overdue.pk).update(
        due_at=timezone.now() - timedelta(hours=2)
    )

    _make(
        people,
        "Priya Shah",
        "+442079460111",
        hours_ago=1,
        reason="I would like to know if the exercise plan is right for me.",
        preferred_time=PreferredTime.MORNING,
    )

    attempted = _make(people, "Colin Burke", "+441614960222", hours_ago=20)
    queue.assign(attempted.public_id, by=staff, assignee=staff, address=None)
    queue.record_attempt(
        attempted.public_id,
        by=staff,
        outcome=CallOutcome.NO_ANSWER,
        note="Rang at 10:15, no voicemail.",
        address=None,
    )

    booked = _make(
        people,
        "Joan Whitaker",
        "+442079460333",
        hours_ago=26,
        reason="Can we talk about my leg pain?",
        preferred_time=PreferredTime.AFTERNOON,
        patient_index=1,
    )
    queue.record_attempt(
        booked.public_id,
        by=staff,
        outcome=CallOutcome.REACHED,
        note="Asked us to ring back tomorrow.",
        address=None,
    )
    tomorrow = timezone.now() + timedelta(days=1, hours=2)
    queue.schedule(booked.public_id, by=staff, when=tomorrow, address=None)

    done = _make(people, "Martin Hale", "+441134960444", hours_ago=50)
    queue.record_attempt(done.public_id, by=staff, outcome=CallOutcome.REACHED, address=None)
    note = "Booked a physio assessment for next week."
    queue.complete(done.public_id, by=staff, note=note, address=None)

    silent = _make(people, "Rosa Lima", "+441614960555", hours_ago=80)
    for _ in range(queue.max_attempts()):
        queue.record_attempt(
            silent.public_id, by=staff, outcome=CallOutcome.NO_ANSWER, address=None
        )

    not_needed = _make(people, "Ben Carter", "+442079460666", hours_ago=60)
    queue.close(
        not_needed.public_id,
        by=staff,
        reason=ClosedReason.NOT_NEEDED,
        note="Called us himself and is fine.",
        address=None,
    )
