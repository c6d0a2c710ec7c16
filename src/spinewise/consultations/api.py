"""Consultation API: the public call request (docs/api.md) and the staff queue.

Thin: the checks live in services.py (public) and queue.py (staff), shared with the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from spinewise.accounts.signed_in import SignedInRequest
from spinewise.api.auth import SIGNED_IN
from spinewise.api.schemas import ErrorOut, InputSchema, Message
from spinewise.consultations import queue, services
from spinewise.consultations.models import ConsultationRequest
from spinewise.web.client import client_address

router = Router(tags=["consultations"])


# The public request takes any JSON types and checks them in the service, so that one 422
# names every field that needs fixing (a type error in one field does not hide the rest).
class ConsultationIn(InputSchema):
    name: Any = Field(None, json_schema_extra={"type": "string", "maxLength": 100})
    phone: Any = Field(
        None,
        description="Any common way of writing it; local numbers are read in the clinic's country.",
        json_schema_extra={"type": "string", "examples": ["07700 900123"]},
    )
    preferred_time: Any = Field(
        None,
        json_schema_extra={"type": "string", "enum": ["morning", "afternoon", "evening", "any"]},
    )
    reason: Any = Field(None, json_schema_extra={"type": "string", "maxLength": 1000})
    consent_to_contact: Any = Field(
        None, description="Must be true.", json_schema_extra={"type": "boolean"}
    )
    assessment_id: Any = Field(
        None,
        description="The id of an assessment this person took; its triage sets the urgency.",
        json_schema_extra={"type": "string"},
    )


class CreatedOut(Schema):
    id: str
    status: str


@router.post(
    "",
    response={200: CreatedOut, 201: CreatedOut, 400: ErrorOut, 422: ErrorOut, 429: Message},
    summary="Ask for a free phone call",
    auth=None,
)
def create_request(request: HttpRequest, payload: ConsultationIn) -> Status[Any]:
    """201 for a new request; 200 with the same id when this number asked in the last 24 hours."""
    submission = services.request_consultation(payload.dict(), address=client_address(request))
    return Status(201 if submission.created else 200, {"id": submission.public_id, "status": "new"})


# --- The staff queue ------------------------------------------------------------------


class NoteOut(Schema):
    kind: str
    outcome: str
    note: str
    author: str | None
    created_at: datetime


class RequestOut(Schema):
    id: str
    clinic: str
    name: str
    phone: str
    preferred_time: str
    reason: str
    triage: str | None = Field(description="The linked assessment's result; no other detail.")
    urgency: Literal["urgent", "routine"]
    status: Literal["new", "attempted", "scheduled", "completed", "closed"]
    closed_reason: str | None
    attempts: int
    scheduled_for: datetime | None
    assigned_to: int | None
    due_at: datetime
    overdue: bool
    created_at: datetime


class RequestDetailOut(RequestOut):
    history: list[NoteOut]


class QueuePage(Schema):
    count: int
    page: int
    pages: int
    items: list[RequestOut]


class QueueFilters(Schema):
    status: str = Field(
        "open", description="open, new, attempted, scheduled, completed, closed or all"
    )
    urgency: str = Field("", description="urgent or routine; empty for both")
    mine: bool = False
    overdue: bool = False
    page: int = Field(1, ge=1)


class AttemptIn(InputSchema):
    outcome: Literal["no_answer", "left_message", "wrong_number", "reached"]
    note: str = ""


class ScheduleIn(InputSchema):
    scheduled_for: datetime = Field(
        description="When to call. Without a time zone it is read in the clinic's time zone."
    )
    note: str = ""


class NoteIn(InputSchema):
    note: str = ""


class CloseIn(InputSchema):
    reason: Literal["no_answer", "not_needed"]
    note: str = ""


class AssignIn(InputSchema):
    assigned_to: int | None = Field(description="A team member's user id, or null for nobody.")


def _out(row: ConsultationRequest, now: datetime) -> dict[str, Any]:
    return {
        "id": row.public_id,
        "clinic": row.clinic.slug,
        "name": row.name,
        "phone": row.phone,
        "preferred_time": row.preferred_time,
        "reason": row.reason,
        "triage": row.triage or None,
        "urgency": row.urgency,
        "status": row.status,
        "closed_reason": row.closed_reason or None,
        "attempts": row.attempts,
        "scheduled_for": row.scheduled_for,
        "assigned_to": row.assigned_to_id,
        "due_at": row.due_at,
        "overdue": queue.is_overdue(row, now),
        "created_at": row.created_at,
    }


def _detail(row: ConsultationRequest) -> dict[str, Any]:
    history = [
        {
            "kind": entry.kind,
            "outcome": entry.outcome,
            "note": entry.note,
            "author": entry.author.email if entry.author else None,
            "created_at": entry.created_at,
        }
        for entry in queue.history(row)
    ]
    return {**_out(row, timezone.now()), "history": history}


@router.get(
    "/queue",
    response={200: QueuePage, 403: Message},
    auth=SIGNED_IN,
    summary="The call-back queue (clinic team)",
)
def list_queue(request: SignedInRequest, filters: Query[QueueFilters]) -> Status[Any]:
    """Open requests first, urgent first, soonest due first; 50 a page."""
    page, _ = queue.queue_page(
        by=request.user,
        filters=queue.Filters.from_params(filters.dict()),
        page=filters.page,
        per_page=50,
        address=client_address(request),
    )
    now = timezone.now()
    return Status(
        200,
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "items": [_out(row, now) for row in page.object_list],
        },
    )


@router.get("/queue/{public_id}", response={200: RequestDetailOut, 404: Message}, auth=SIGNED_IN)
def get_request(request: SignedInRequest, public_id: str) -> Status[Any]:
    consultation = queue.open_request(public_id, by=request.user, address=client_address(request))
    return Status(200, _detail(consultation))


ACTED = {200: RequestDetailOut, 404: Message, 409: Message, 422: ErrorOut}


def _act(
    request: SignedInRequest,
    action: Callable[..., ConsultationRequest],
    public_id: str,
    **fields: Any,
) -> Status[Any]:
    """One queue action for the signed-in member of the team; the request as it now is."""
    consultation = action(public_id, by=request.user, address=client_address(request), **fields)
    consultation.refresh_from_db()
    return Status(200, _detail(consultation))


@router.post("/queue/{public_id}/attempts", response=ACTED, auth=SIGNED_IN)
def record_attempt(request: SignedInRequest, public_id: str, payload: AttemptIn) -> Status[Any]:
    """A call was made; after 3 with no answer the request closes by itself."""
    return _act(request, queue.record_attempt, public_id, **payload.dict())


@router.post("/queue/{public_id}/schedule", response=ACTED, auth=SIGNED_IN)
def schedule(request: SignedInRequest, public_id: str, payload: ScheduleIn) -> Status[Any]:
    return _act(request, queue.schedule, public_id, when=payload.scheduled_for, note=payload.note)


@router.post("/queue/{public_id}/complete", response=ACTED, auth=SIGNED_IN)
def complete(request: SignedInRequest, public_id: str, payload: NoteIn) -> Status[Any]:
    return _act(request, queue.complete, public_id, **payload.dict())


@router.post("/queue/{public_id}/close", response=ACTED, auth=SIGNED_IN)
def close(request: SignedInRequest, public_id: str, payload: CloseIn) -> Status[Any]:
    return _act(request, queue.close, public_id, **payload.dict())


@router.post("/queue/{public_id}/assign", response=ACTED, auth=SIGNED_IN)
def assign(request: SignedInRequest, public_id: str, payload: AssignIn) -> Status[Any]:
    return _act(request, queue.assign, public_id, assignee=payload.assigned_to)


@router.post("/queue/{public_id}/notes", response=ACTED, auth=SIGNED_IN)
def add_note(request: SignedInRequest, public_id: str, payload: NoteIn) -> Status[Any]:
    return _act(request, queue.add_note, public_id, **payload.dict())
