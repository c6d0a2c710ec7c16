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
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from spinewise.accounts.access import clinics_where
from spinewise.accounts.models import CARE_TEAM_ROLES, Clinic, Membership, User
from spinewise.audit.models import Action
from spinewise.audit.services import record, record_for
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
from spinewise.errors import InvalidInput, NotAllowed, NotFound, Refused

MAX_ATTEMPTS = 3
NOTE_MAX = 1000
STATUS_FILTERS = ("open", *Status.values, "all")


NOT_ON_TEAM = "The call-back queue is for the clinic team."


def max_attempts() -> int:
    return int(getattr(settings, "CONSULTATION_MAX_ATTEMPTS", MAX_ATTEMPTS))


def team_clinics(user: User) -> QuerySet[Clinic]:
    return clinics_where(user, tuple(CARE_TEAM_ROLES))


def clinics_of_team_member(user: User) -> list[Clinic]:
    """The clinics whose queue this person works; NotAllowed for anyone not on a team."""
    clinics = list(team_clinics(user))
    if not clinics:
        raise NotAllowed(NOT_ON_TEAM)
    return clinics


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


def queue_page(
    *, by: User, filters: Filters, page: int | str | None, per_page: int, address: str | None
) -> tuple[Page[Any], list[Clinic]]:
    """One page of the queue for a member of the team, audited as one look at it, and the
    clinics whose queue it is."""
    clinics = clinics_of_team_member(by)
    shown = Paginator(queue(by, filters), per_page).get_page(page)
    record(
        Action.VIEW,
        "ConsultationQueue",
        by=by,
        address=address,
        clinic=clinics[0] if len(clinics) == 1 else None,
        detail=f"page {shown.number}, {len(shown.object_list)} requests, filters {filters}",
    )
    return shown, clinics


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
        raise NotFound() from exc


def open_request(public_id: str, *, by: User, address: str | None) -> ConsultationRequest:
    """One request for a member of its clinic's team, with a record that they looked."""
    consultation = find(by, public_id)
    record_for(Action.VIEW, consultation, by=by, address=address)
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


# --- Actions: each one finds the request within the person's reach, locks its row,
# changes it, and writes a history line and an audit entry, in one transaction.


def _locked(by: User, public_id: str) -> ConsultationRequest:
    consultation = find(by, public_id)
    locked = ConsultationRequest.objects.select_for_update().get(pk=consultation.pk)
    locked.clinic = consultation.clinic  # already loaded; saves a query
    return locked


def _must_be_open(consultation: ConsultationRequest) -> None:
    if not consultation.is_open:
        raise Refused(
            f"This request is already {consultation.get_status_display().lower()}. "
            "Add a note if something else happened."
        )


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput.on("note", f"Please keep the note to {NOTE_MAX} characters or fewer.")
    return note


def _log(
    consultation: ConsultationRequest,
    kind: str,
    *,
    by: User | None,
    address: str | None,
    note: str = "",
    outcome: str = "",
) -> QueueNote:
    entry = QueueNote.objects.create(
        request=consultation, kind=kind, note=note, outcome=outcome, author=by
    )
    record_for(
        Action.UPDATE, consultation, by=by, address=address, detail=f"{kind} {outcome}".strip()
    )
    return entry


def _finish(consultation: ConsultationRequest, status: str, reason: str = "") -> None:
    consultation.status = status
    consultation.closed_reason = reason
    consultation.resolved_at = timezone.now()


@transaction.atomic
def record_attempt(
    public_id: str, *, by: User, outcome: str, note: str = "", address: str | None
) -> ConsultationRequest:
    """A call was made. After MAX_ATTEMPTS calls that never reached the person, the
    request closes as "no answer" by itself."""
    consultation = _locked(by, public_id)
    if outcome not in CallOutcome.values:
        raise InvalidInput.on("outcome", "Please choose what happened on the call.")
    note = _clean_note(note)
    _must_be_open(consultation)
    consultation.attempts += 1
    consultation.status = Status.ATTEMPTED
    _log(
        consultation,
        QueueNote.Kind.ATTEMPT,
        by=by,
        address=address,
        note=note,
        outcome=outcome,
    )
    if outcome in UNANSWERED:
        reached_before = consultation.history.filter(outcome=CallOutcome.REACHED).exists()
        if not reached_before and consultation.attempts >= max_attempts():
            _finish(consultation, Status.CLOSED, ClosedReason.NO_ANSWER)
            _log(
                consultation,
                QueueNote.Kind.CLOSED,
                by=None,
                address=address,
                note=f"Closed by itself after {consultation.attempts} calls with no answer.",
            )
    consultation.save()
    return consultation


@transaction.atomic
def schedule(
    public_id: str, *, by: User, when: datetime, note: str = "", address: str | None
) -> ConsultationRequest:
    """Book a call. A time without a time zone is read in the clinic's."""
    consultation = _locked(by, public_id)
    note = _clean_note(note)
    zone = ZoneInfo(consultation.clinic.time_zone)
    if timezone.is_naive(when):
        when = when.replace(tzinfo=zone)
    if when < timezone.now():
        raise InvalidInput.on("scheduled_for", "Please choose a time that has not passed yet.")
    _must_be_open(consultation)
    consultation.status = Status.SCHEDULED
    consultation.scheduled_for = when
    local = timezone.localtime(when, zone)
    text = f"Call booked for {local:%A %d %B, %H:%M}." + (f" {note}" if note else "")
    _log(consultation, QueueNote.Kind.SCHEDULED, by=by, address=address, note=text)
    consultation.save()
    return consultation


@transaction.atomic
def complete(
    public_id: str, *, by: User, note: str = "", address: str | None
) -> ConsultationRequest:
    consultation = _locked(by, public_id)
    note = _clean_note(note)
    _must_be_open(consultation)
    _finish(consultation, Status.COMPLETED)
    _log(consultation, QueueNote.Kind.COMPLETED, by=by, address=address, note=note)
    consultation.save()
    return consultation


@transaction.atomic
def close(
    public_id: str, *, by: User, reason: str, note: str = "", address: str | None
) -> ConsultationRequest:
    consultation = _locked(by, public_id)
    if reason not in ClosedReason.values:
        raise InvalidInput.on("reason", "Please choose why you are closing this request.")
    note = _clean_note(note)
    _must_be_open(consultation)
    _finish(consultation, Status.CLOSED, reason)
    text = ClosedReason(reason).label + "." + (f" {note}" if note else "")
    _log(consultation, QueueNote.Kind.CLOSED, by=by, address=address, note=text)
    consultation.save()
    return consultation


@transaction.atomic
def assign(
    public_id: str, *, by: User, assignee: User | int | None, address: str | None
) -> ConsultationRequest:
    """Give the request to one member of the clinic's team (a person or their id), or to
    nobody (None)."""
    consultation = _locked(by, public_id)
    person = None
    if assignee is not None:
        assignee_id = assignee.pk if isinstance(assignee, User) else assignee
        person = team(consultation.clinic).filter(pk=assignee_id).first()
        if person is None:
            raise InvalidInput.on("assigned_to", "Please choose someone who works at this clinic.")
    consultation.assigned_to = person
    text = f"Given to {person}." if person else "No longer given to anyone."
    _log(consultation, QueueNote.Kind.ASSIGNED, by=by, address=address, note=text)
    consultation.save()
    return consultation


@transaction.atomic
def add_note(public_id: str, *, by: User, note: str, address: str | None) -> ConsultationRequest:
    consultation = find(by, public_id)
    note = _clean_note(note)
    if not note:
        raise InvalidInput.on("note", "Please write the note.")
    _log(consultation, QueueNote.Kind.NOTE, by=by, address=address, note=note)
    ConsultationRequest.objects.filter(pk=consultation.pk).update(updated_at=timezone.now())
    return consultation
