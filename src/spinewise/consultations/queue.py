"""The front desk's queue: who to call back and when, and what happened.

Staff, clinicians and clinic admins work the queue of their own clinics only. They see
contact details, the request and the assessment's triage, never its answers. Anything out
of a user's reach is "not found" (404). Every look at a request is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest
from django.utils import timezone

from spinewise.accounts.access import clinics_where
from spinewise.accounts.models import CARE_TEAM_ROLES, Clinic, Membership, User
from spinewise.audit.models import Action
from spinewise.audit.services import record
from spinewise.consultations.models import (
    OPEN_STATUSES,
    UNANSWERED,
    CallOutcome,
    ClosedReason,
    ConsultationRequest,
    QueueNote,
    Status,
    Urgency,
)

MAX_ATTEMPTS = 3
NOTE_MAX = 1000
STATUS_FILTERS = ("open", *Status.values, "all")


class NotOnTheTeam(Exception):
    """The user works at no clinic, so has no queue."""


class QueueError(Exception):
    """An action that cannot be done now; the message says why, in plain words."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def max_attempts() -> int:
    return int(getattr(settings, "CONSULTATION_MAX_ATTEMPTS", MAX_ATTEMPTS))


def team_clinics(user: User) -> QuerySet[Clinic]:
    return clinics_where(user, tuple(CARE_TEAM_ROLES))


def requests_for(user: User) -> QuerySet[ConsultationRequest]:
    return ConsultationRequest.objects.filter(clinic__in=team_clinics(user))


@dataclass(frozen=True)
class Filters:
    status: str = "open"
    urgency: str = ""
    mine: bool = False
    overdue: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Filters:
        """Read filters from a query string; unknown values fall back to the default."""
        status = str(params.get("status") or "open")
        urgency = str(params.get("urgency") or "")
        return cls(
            status=status if status in STATUS_FILTERS else "open",
            urgency=urgency if urgency in Urgency.values else "",
            mine=str(params.get("mine", "")).lower() in {"1", "true", "on", "yes"},
            overdue=str(params.get("overdue", "")).lower() in {"1", "true", "on", "yes"},
        )

    @property
    def is_default(self) -> bool:
        return self == Filters()


def overdue_q(now: datetime) -> Q:
    """Open and past its target: the response target until booked, then the booked time."""
    waiting = Q(status__in=[Status.NEW, Status.ATTEMPTED], due_at__lt=now)
    booked = Q(status=Status.SCHEDULED, scheduled_for__lt=now)
    return waiting | booked


def queue(user: User, filters: Filters, now: datetime | None = None) -> QuerySet[Any]:
    """The queue in working order: open before finished, urgent first, soonest due first.

    One query for the rows whatever their number (people joined, flags computed in SQL).
    """
    now = now or timezone.now()
    rows = requests_for(user).select_related("assigned_to", "clinic")
    if filters.status == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif filters.status != "all":
        rows = rows.filter(status=filters.status)
    if filters.urgency:
        rows = rows.filter(urgency=filters.urgency)
    if filters.mine:
        rows = rows.filter(assigned_to=user)
    if filters.overdue:
        rows = rows.filter(overdue_q(now))
    rows = rows.annotate(
        is_overdue=Case(
            When(overdue_q(now), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        finished=Case(
            When(status__in=OPEN_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        urgency_rank=Case(
            When(urgency=Urgency.URGENT, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        next_due=Case(
            When(status=Status.SCHEDULED, scheduled_for__isnull=False, then=F("scheduled_for")),
            default=F("due_at"),
        ),
    )
    return rows.order_by("finished", "urgency_rank", "next_due", "id")


def summary(user: User, now: datetime | None = None) -> dict[str, int]:
    """How many requests are still to do, overdue and urgent: one query."""
    now = now or timezone.now()
    open_rows = requests_for(user).filter(status__in=OPEN_STATUSES)
    return open_rows.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=overdue_q(now)),
        urgent=Count("pk", filter=Q(urgency=Urgency.URGENT)),
    )


def find(user: User, public_id: str) -> ConsultationRequest:
    """One request this user may work on, or 404."""
    try:
        return (
            requests_for(user)
            .select_related("clinic", "assigned_to", "patient")
            .get(public_id=public_id)
        )
    except ConsultationRequest.DoesNotExist as exc:
        raise Http404("No such request.") from exc


def open_request(http_request: HttpRequest, public_id: str) -> ConsultationRequest:
    """Find a request for the signed-in user and record that they looked at it."""
    consultation = find(http_request.user, public_id)  # type: ignore[arg-type]
    record(
        http_request,
        Action.VIEW,
        consultation,
        patient=consultation.patient,
        clinic=consultation.clinic,
    )
    return consultation


def history(consultation: ConsultationRequest) -> QuerySet[QueueNote]:
    return consultation.history.select_related("author")


def team(clinic: Clinic) -> QuerySet[User]:
    """People who may be given a request to call back."""
    ids = Membership.objects.filter(clinic=clinic, role__in=CARE_TEAM_ROLES).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email")


def is_overdue(consultation: ConsultationRequest, now: datetime | None = None) -> bool:
    due = consultation.needs_action_by
    return bool(due and due < (now or timezone.now()))


# --- Actions: each one locks the row, changes it, writes a history line and an audit entry.


def _locked(consultation: ConsultationRequest) -> ConsultationRequest:
    locked = ConsultationRequest.objects.select_for_update().get(pk=consultation.pk)
    locked.clinic = consultation.clinic  # already loaded; saves a query
    return locked


def _must_be_open(consultation: ConsultationRequest) -> None:
    if not consultation.is_open:
        raise QueueError(
            f"This request is already {consultation.get_status_display().lower()}. "
            "Add a note if something else happened."
        )


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise QueueError(f"Please keep the note to {NOTE_MAX} characters or fewer.", "note")
    return note


def _log(
    http_request: HttpRequest | None,
    consultation: ConsultationRequest,
    actor: User | None,
    kind: str,
    *,
    note: str = "",
    outcome: str = "",
) -> QueueNote:
    entry = QueueNote.objects.create(
        request=consultation, kind=kind, note=note, outcome=outcome, author=actor
    )
    record(
        http_request,
        Action.UPDATE,
        consultation,
        patient=consultation.patient,
        clinic=consultation.clinic,
        actor=actor,
        detail=f"{kind} {outcome}".strip(),
    )
    return entry


def _finish(consultation: ConsultationRequest, status: str, reason: str = "") -> None:
    consultation.status = status
    consultation.closed_reason = reason
    consultation.resolved_at = timezone.now()


@transaction.atomic
def record_attempt(
    consultation: ConsultationRequest,
    actor: User,
    outcome: str,
    note: str = "",
    http_request: HttpRequest | None = None,
) -> ConsultationRequest:
    """A call was made. After MAX_ATTEMPTS calls that never reached the person, the
    request closes as "no answer" by itself."""
    if outcome not in CallOutcome.values:
        raise QueueError("Please choose what happened on the call.", "outcome")
    note = _clean_note(note)
    consultation = _locked(consultation)
    _must_be_open(consultation)
    consultation.attempts += 1
    consultation.status = Status.ATTEMPTED
    _log(http_request, consultation, actor, QueueNote.Kind.ATTEMPT, note=note, outcome=outcome)
    if outcome in UNANSWERED:
        reached_before = consultation.history.filter(outcome=CallOutcome.REACHED).exists()
        if not reached_before and consultation.attempts >= max_attempts():
            _finish(consultation, Status.CLOSED, ClosedReason.NO_ANSWER)
            _log(
                http_request,
                consultation,
                None,
                QueueNote.Kind.CLOSED,
                note=f"Closed by itself after {consultation.attempts} calls with no answer.",
            )
    consultation.save()
    return consultation


@transaction.atomic
def schedule(
    consultation: ConsultationRequest,
    actor: User,
    when: datetime,
    note: str = "",
    http_request: HttpRequest | None = None,
) -> ConsultationRequest:
    note = _clean_note(note)
    if when < timezone.now():
        raise QueueError("Please choose a time that has not passed yet.", "scheduled_for")
    consultation = _locked(consultation)
    _must_be_open(consultation)
    consultation.status = Status.SCHEDULED
    consultation.scheduled_for = when
    local = timezone.localtime(when, ZoneInfo(consultation.clinic.time_zone))
    text = f"Call booked for {local:%A %d %B, %H:%M}." + (f" {note}" if note else "")
    _log(http_request, consultation, actor, QueueNote.Kind.SCHEDULED, note=text)
    consultation.save()
    return consultation


@transaction.atomic
def complete(
    consultation: ConsultationRequest,
    actor: User,
    note: str = "",
    http_request: HttpRequest | None = None,
) -> ConsultationRequest:
    note = _clean_note(note)
    consultation = _locked(consultation)
    _must_be_open(consultation)
    _finish(consultation, Status.COMPLETED)
    _log(http_request, consultation, actor, QueueNote.Kind.COMPLETED, note=note)
    consultation.save()
    return consultation


@transaction.atomic
def close(
    consultation: ConsultationRequest,
    actor: User,
    reason: str,
    note: str = "",
    http_request: HttpRequest | None = None,
) -> ConsultationRequest:
    if reason not in ClosedReason.values:
        raise QueueError("Please choose why you are closing this request.", "reason")
    note = _clean_note(note)
    consultation = _locked(consultation)
    _must_be_open(consultation)
    _finish(consultation, Status.CLOSED, reason)
    text = ClosedReason(reason).label + "." + (f" {note}" if note else "")
    _log(http_request, consultation, actor, QueueNote.Kind.CLOSED, note=text)
    consultation.save()
    return consultation


@transaction.atomic
def assign(
    consultation: ConsultationRequest,
    actor: User,
    assignee: User | None,
    http_request: HttpRequest | None = None,
) -> ConsultationRequest:
    """Give the request to one member of the clinic's team, or to nobody (None)."""
    if assignee is not None and not team(consultation.clinic).filter(pk=assignee.pk).exists():
        raise QueueError("Please choose someone who works at this clinic.", "assigned_to")
    consultation = _locked(consultation)
    consultation.assigned_to = assignee
    text = f"Given to {assignee}." if assignee else "No longer given to anyone."
    _log(http_request, consultation, actor, QueueNote.Kind.ASSIGNED, note=text)
    consultation.save()
    return consultation


@transaction.atomic
def add_note(
    consultation: ConsultationRequest,
    actor: User,
    note: str,
    http_request: HttpRequest | None = None,
) -> QueueNote:
    note = _clean_note(note)
    if not note:
        raise QueueError("Please write the note.", "note")
    entry = _log(http_request, consultation, actor, QueueNote.Kind.NOTE, note=note)
    ConsultationRequest.objects.filter(pk=consultation.pk).update(updated_at=timezone.now())
    return entry
