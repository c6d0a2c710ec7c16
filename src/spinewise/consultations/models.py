"""Free phone consultations: a person asks the clinic to call them back; front-desk staff
work the queue of requests until each one is completed or closed."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models


def new_public_id() -> str:
    # Opaque and unguessable: ids appear in staff links and API answers, never a counter.
    return secrets.token_urlsafe(16)


class PreferredTime(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"
    ANY = "any", "Any time"


class Urgency(models.TextChoices):
    URGENT = "urgent", "Urgent"
    ROUTINE = "routine", "Routine"


class Status(models.TextChoices):
    NEW = "new", "New"
    ATTEMPTED = "attempted", "Tried to call"
    SCHEDULED = "scheduled", "Call booked"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed"


# A request still needs someone at the clinic to act on it.
OPEN_STATUSES = (Status.NEW, Status.ATTEMPTED, Status.SCHEDULED)


class ClosedReason(models.TextChoices):
    NO_ANSWER = "no_answer", "No answer"
    NOT_NEEDED = "not_needed", "Not needed"


class ConsultationRequest(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    clinic = models.ForeignKey(
        "accounts.Clinic", on_delete=models.PROTECT, related_name="consultation_requests"
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_requests",
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_requests",
        help_text="Set when a signed-in patient asked for the call.",
    )
    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=20, help_text="In international form, like +447700900123.")
    preferred_time = models.CharField(
        max_length=10, choices=PreferredTime.choices, default=PreferredTime.ANY
    )
    reason = models.TextField(max_length=1000, blank=True)
    consent_to_contact = models.BooleanField(default=False)
    # A copy of the linked assessment's triage: the only clinical detail the queue shows.
    triage = models.CharField(max_length=20, blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    closed_reason = models.CharField(max_length=12, choices=ClosedReason.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_consultations",
    )
    due_at = models.DateTimeField(help_text="The response-time target, in working hours.")
    resolved_at = models.DateTimeField(null=True, blank=True)
    client_hash = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["clinic", "status", "due_at"]),
            models.Index(fields=["clinic", "phone", "created_at"]),
            models.Index(fields=["client_hash", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Call request {self.public_id[:8]} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def needs_action_by(self) -> datetime | None:
        """When the next call is due: the booked time once booked, else the target."""
        if self.status == Status.SCHEDULED and self.scheduled_for:
            return self.scheduled_for
        return self.due_at if self.is_open else None


def line_key(phone: str) -> str:
    """A keyed hash of a phone number in international form: what `CallbackLine` keeps in
    place of the number, so the line holds nothing about the person."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"callback-line:" + phone.encode(), hashlib.sha256).hexdigest()[:32]


class CallbackLine(models.Model):
    """One row per clinic and phone number, made by the first call request from that
    number. `request_consultation` locks it while it checks for a recent request and stores
    a new one, so requests from one number take turns however many arrive at once: the
    unique constraint makes sure there is only one row to queue on (docs/architecture.md,
    "Writes that happen once"). A changed SECRET_KEY starts a new line per number; the
    duplicate rule still holds, as it reads the requests, once every process has the key."""

    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE, related_name="+")
    phone_key = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "phone_key"], name="one_line_per_phone")
        ]

    def __str__(self) -> str:
        return f"Call-back line {self.phone_key[:8]} at {self.clinic_id}"


class CallOutcome(models.TextChoices):
    NO_ANSWER = "no_answer", "No answer"
    LEFT_MESSAGE = "left_message", "Left a message"
    WRONG_NUMBER = "wrong_number", "Wrong or unavailable number"
    REACHED = "reached", "Spoke to them"


# Outcomes that count toward closing a request as "no answer".
UNANSWERED = (CallOutcome.NO_ANSWER, CallOutcome.LEFT_MESSAGE, CallOutcome.WRONG_NUMBER)


class QueueNote(models.Model):
    """What happened to a request, one line each: call attempts, bookings, notes."""

    class Kind(models.TextChoices):
        ATTEMPT = "attempt", "Call attempt"
        SCHEDULED = "scheduled", "Call booked"
        COMPLETED = "completed", "Completed"
        CLOSED = "closed", "Closed"
        ASSIGNED = "assigned", "Assigned"
        NOTE = "note", "Note"

    request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="history"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    outcome = models.CharField(max_length=12, choices=CallOutcome.choices, blank=True)
    note = models.TextField(max_length=1000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system did it (for example an automatic close).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.request}"
