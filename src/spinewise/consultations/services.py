"""Asking for a free phone call (docs/api.md, POST /api/v1/consultations).

The page and the API both call `request_consultation`, so they give the same answers and
the same plain messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from spinewise.accounts.clinics import site_clinic
from spinewise.accounts.hours import opening_status
from spinewise.accounts.models import Clinic, User
from spinewise.accounts.tasks import send_email
from spinewise.assessments.models import Assessment, Triage
from spinewise.consultations import phone, targets
from spinewise.consultations.models import (
    CallbackLine,
    ConsultationRequest,
    PreferredTime,
    Urgency,
    line_key,
    new_public_id,
)
from spinewise.errors import InvalidInput
from spinewise.web.throttle import check_limit, hash_address

NAME_MAX = 100
REASON_MAX = 1000
DUPLICATE_HOURS = 24
RATE_MESSAGE = (
    "You have asked for a lot of calls from this connection in the last hour. "
    "Please wait a while and try again, or call the clinic."
)
# Triage results that put a call request at the top of the queue. "review" stays routine:
# a clinician should look before exercise starts, but nothing is time-critical.
URGENT_TRIAGE = (Triage.EMERGENCY, Triage.URGENT)


@dataclass(frozen=True)
class Submission:
    public_id: str
    created: bool
    consultation: ConsultationRequest | None  # None when the spam trap caught it


@dataclass(frozen=True)
class CleanRequest:
    name: str
    phone: str
    preferred_time: str
    reason: str
    assessment: Assessment | None
    clinic: Clinic


def duplicate_window() -> timedelta:
    return timedelta(hours=getattr(settings, "CONSULTATION_DUPLICATE_HOURS", DUPLICATE_HOURS))


def find_assessment(public_id: object) -> Assessment | None:
    if not isinstance(public_id, str) or not public_id.strip():
        return None
    return Assessment.objects.select_related("clinic").filter(public_id=public_id.strip()).first()


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def validate(data: Mapping[str, Any], clinic: Clinic | None = None) -> CleanRequest:
    """Check every field at once; raise InvalidInput naming each problem."""
    errors: list[dict[str, str]] = []

    def problem(field: str, message: str) -> None:
        errors.append({"field": field, "message": message})

    assessment = None
    if data.get("assessment_id") not in (None, ""):
        assessment = find_assessment(data.get("assessment_id"))
        if assessment is None:
            problem("assessment_id", "We could not find this assessment. Leave it out or check it.")
    clinic = assessment.clinic if assessment else (clinic or site_clinic())

    name = _text(data.get("name"))
    if not name:
        problem("name", "Please tell us your name.")
    elif len(name) > NAME_MAX:
        problem("name", f"Your name must be {NAME_MAX} characters or fewer.")

    number = ""
    try:
        number = phone.normalise(_text(data.get("phone")), clinic.country)
    except phone.InvalidPhone:
        problem(
            "phone",
            "Please enter a phone number we can call, like "
            f"{phone.example(clinic.country)}. Include the country code if it is not a "
            "local number.",
        )

    preferred_time = data.get("preferred_time")
    if preferred_time not in PreferredTime.values:
        problem("preferred_time", "Please choose when to call: morning, afternoon, evening or any.")

    reason = data.get("reason") or ""
    if not isinstance(reason, str):
        problem("reason", "Please write the reason as text.")
    elif len(reason.strip()) > REASON_MAX:
        problem(
            "reason",
            f"Please keep this to {REASON_MAX} characters or fewer "
            f"(you wrote {len(reason.strip())}). You can tell us more when we call.",
        )

    if data.get("consent_to_contact") is not True:
        problem("consent_to_contact", "Please tick the box to say we may call you.")

    if errors:
        raise InvalidInput(errors=errors)
    return CleanRequest(
        name=name,
        phone=number,
        preferred_time=str(preferred_time),
        reason=reason.strip() if isinstance(reason, str) else "",
        assessment=assessment,
        clinic=clinic,
    )


def urgency_for(assessment: Assessment | None) -> str:
    if assessment is not None and assessment.triage in URGENT_TRIAGE:
        return Urgency.URGENT
    return Urgency.ROUTINE


def _wait_for_line(clean: CleanRequest) -> None:
    """Lock the clinic's line for this number until the transaction ends, so requests from
    one number take turns. A lock on the recent requests alone would lock nothing when
    there are none yet, and two first requests would both be stored."""
    key = line_key(clean.phone)
    lines = CallbackLine.objects.select_for_update().filter(clinic=clean.clinic, phone_key=key)
    if lines.exists():
        return
    try:
        # The number's first request: the new row stays locked until we commit, and a
        # request that arrives meanwhile waits on the unique constraint.
        with transaction.atomic():
            CallbackLine.objects.create(clinic=clean.clinic, phone_key=key)
    except IntegrityError:
        lines.get()  # another request made the line first: wait for it to finish


def _recent_from_same_phone(clean: CleanRequest) -> ConsultationRequest | None:
    since = timezone.now() - duplicate_window()
    # Locked too, so a staff member's change to it cannot cross _add_assessment's.
    return (
        ConsultationRequest.objects.select_for_update()
        .filter(clinic=clean.clinic, phone=clean.phone, created_at__gte=since)
        .order_by("-created_at")
        .first()
    )


def _add_assessment(existing: ConsultationRequest, clean: CleanRequest) -> None:
    """A repeat that brings an assessment the first request lacked: link it, so an urgent
    result still reaches the top of the queue."""
    if clean.assessment is None or existing.assessment_id is not None:
        return
    existing.assessment = clean.assessment
    existing.triage = clean.assessment.triage
    fields = ["assessment", "triage", "updated_at"]
    if urgency_for(clean.assessment) == Urgency.URGENT and existing.urgency != Urgency.URGENT:
        existing.urgency = Urgency.URGENT
        existing.due_at = min(
            existing.due_at, targets.due_at(existing.clinic, Urgency.URGENT, timezone.now())
        )
        fields += ["urgency", "due_at"]
    existing.save(update_fields=fields)
    _share(clean.assessment)


def _share(assessment: Assessment | None) -> None:
    if assessment is not None and not assessment.shared_with_clinic:
        Assessment.objects.filter(pk=assessment.pk).update(shared_with_clinic=True)


def per_hour() -> int:
    return int(getattr(settings, "CONSULTATIONS_PER_HOUR", 5))


@transaction.atomic
def request_consultation(
    data: Mapping[str, Any],
    *,
    address: str | None,
    clinic: Clinic | None = None,
    patient: User | None = None,
) -> Submission:
    """Validate (422), catch spam (looks stored, is not), return a recent request from the
    same phone (200), apply the per-address limit (429), else store a new one (201).

    Requests from one number wait for each other on the number's `CallbackLine`, so
    however many arrive at once, one is stored and the others get its id."""
    clean = validate(data, clinic)
    if _text(data.get("website")):
        return Submission(public_id=new_public_id(), created=True, consultation=None)
    _wait_for_line(clean)
    existing = _recent_from_same_phone(clean)
    if existing is not None:
        _add_assessment(existing, clean)
        return Submission(public_id=existing.public_id, created=False, consultation=existing)
    client_hash = hash_address(address)
    check_limit(
        ConsultationRequest,
        client_hash,
        per_hour(),
        window=timedelta(hours=1),
        message=RATE_MESSAGE,
    )
    urgency = urgency_for(clean.assessment)
    consultation = ConsultationRequest.objects.create(
        clinic=clean.clinic,
        assessment=clean.assessment,
        patient=patient if patient is not None and patient.is_authenticated else None,
        name=clean.name,
        phone=clean.phone,
        preferred_time=clean.preferred_time,
        reason=clean.reason,
        consent_to_contact=True,
        triage=clean.assessment.triage if clean.assessment else "",
        urgency=urgency,
        due_at=targets.due_at(clean.clinic, urgency, timezone.now()),
        client_hash=client_hash,
    )
    _share(clean.assessment)
    transaction.on_commit(lambda: tell_the_clinic(consultation))
    return Submission(public_id=consultation.public_id, created=True, consultation=consultation)


def tell_the_clinic(consultation: ConsultationRequest) -> None:
    """Email the clinic's inbox: contact details and triage only, never the person's
    message or answers (email is less private than the queue)."""
    clinic = consultation.clinic
    if not clinic.email:
        return
    link = settings.SITE_URL + reverse(
        "consultations:detail", kwargs={"public_id": consultation.public_id}
    )
    due = timezone.localtime(consultation.due_at, ZoneInfo(clinic.time_zone))
    lines = [
        f"{consultation.name} asked {clinic.name} for a free phone call.",
        "",
        f"Phone: {phone.readable(consultation.phone)}",
        f"Best time: {consultation.get_preferred_time_display()}",
        f"Urgency: {consultation.get_urgency_display()}",
    ]
    if consultation.triage:
        lines.append(f"Assessment result: {Triage(consultation.triage).label}")
    lines += [f"Please call by: {due:%A %d %B, %H:%M}", "", f"Open the request: {link}"]
    urgent = " (urgent)" if consultation.urgency == Urgency.URGENT else ""
    send_email.enqueue(
        subject=f"New call request{urgent}: {consultation.name}",
        body="\n".join(lines),
        to=[clinic.email],
    )


@dataclass(frozen=True)
class ExpectedCall:
    by: str  # "tomorrow at 10:00"
    open_now: bool
    opens: str  # when the clinic next opens, if closed now; else ""


def expected_call(consultation: ConsultationRequest, now: datetime | None = None) -> ExpectedCall:
    now = now or timezone.now()
    clinic = consultation.clinic
    status = opening_status(clinic.opening_hours, clinic.time_zone, now)
    opens = ""
    if not status.is_open and status.next_opening:
        opens = targets.when_text(status.next_opening, now, clinic.time_zone)
    return ExpectedCall(
        by=targets.when_text(consultation.due_at, now, clinic.time_zone),
        open_now=status.is_open,
        opens=opens,
    )
