"""Programme API: a patient's own plan; clinicians see and approve their clinic's plans."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from spinewise.accounts.signed_in import SignedInRequest
from spinewise.api.auth import SIGNED_IN
from spinewise.api.schemas import InputSchema, Message
from spinewise.programmes import review, services
from spinewise.programmes.models import Programme, ProgrammeExercise
from spinewise.programmes.today import planned
from spinewise.web.client import client_address

router = Router(tags=["programmes"], auth=SIGNED_IN)


class ItemOut(Schema):
    id: int
    exercise: str
    name: str
    category: str
    from_week: int
    step: int
    dose: str
    daily_walk: bool
    reason: str


class ProgrammeOut(Schema):
    id: int
    patient_id: int
    status: str
    mode: str
    gentle_start: bool
    sessions_per_week: int
    start_date: date | None
    clinician_note: str
    paused_reason: str
    paused_at: datetime | None
    reasons: list[str]
    items: list[ItemOut]


class TodayOut(Schema):
    date: date
    week: int
    phase: str
    session_day: bool
    exercises: list[ItemOut]
    walk: ItemOut | None


class CreateIn(InputSchema):
    assessment_id: str | None = None


class ApproveIn(InputSchema):
    note: str = Field("", max_length=2000, description="Note for the patient.")


class PauseIn(InputSchema):
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
    ] = Field(description="Why, written to the patient: they see it.")


class ResumeIn(InputSchema):
    note: str = Field("", max_length=2000, description="Note for the patient (optional).")


class ItemChangeIn(InputSchema):
    exercise: str | None = Field(None, description="Slug of an active exercise of the same kind.")
    step: int | None = Field(None, ge=1, description="Step on the dose ladder, 1 = first.")


def _item(item: ProgrammeExercise) -> dict[str, Any]:
    shown = planned(item)
    return {
        "id": item.pk,
        "exercise": item.exercise.slug,
        "name": item.exercise.name,
        "category": item.exercise.category,
        "from_week": item.from_week,
        "step": item.rung + 1,  # people count steps from 1; the code counts rungs from 0
        "dose": shown.dose,
        "daily_walk": item.is_walking_goal,
        "reason": item.reason,
    }


def _programme(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "patient_id": programme.patient_id,
        "status": programme.status,
        "mode": programme.mode,
        "gentle_start": programme.gentle_start,
        "sessions_per_week": programme.sessions_per_week,
        "start_date": programme.start_date,
        "clinician_note": programme.clinician_note,
        "paused_reason": programme.paused_reason,
        "paused_at": programme.paused_at,
        "reasons": programme.reasons,
        "items": [_item(i) for i in programme.items.select_related("exercise")],
    }


@router.post("/safety-acknowledgement", response={201: Message, 404: Message})
def acknowledge(request: SignedInRequest) -> Status[Any]:
    """The patient accepts the safety advice (stored with the time and text version)."""
    services.accept_safety_advice(by=request.user, address=client_address(request))
    return Status(201, {"message": "Thank you. Your plan can start."})


@router.post("", response={201: ProgrammeOut, 404: Message, 409: Message})
def create(request: SignedInRequest, payload: CreateIn) -> Status[Any]:
    """Create the patient's own plan from their assessment (refused when it is blocked)."""
    programme = services.create_from_assessment(
        by=request.user, address=client_address(request), assessment_id=payload.assessment_id
    )
    return Status(201, _programme(programme))


@router.get("/mine", response={200: ProgrammeOut, 404: Message})
def mine(request: SignedInRequest) -> Status[Any]:
    return Status(200, _programme(services.my_programme(by=request.user)))


@router.get("/mine/today", response={200: TodayOut, 404: Message, 409: Message})
def mine_today(request: SignedInRequest) -> Status[Any]:
    _, today = services.todays_session(by=request.user)
    body = {
        "date": today.day,
        "week": today.week,
        "phase": today.phase,
        "session_day": today.is_session_day,
        "exercises": [_item(p.item) for p in today.items],
        "walk": _item(today.walking.item) if today.walking else None,
    }
    return Status(200, body)


@router.get("", response=list[ProgrammeOut])
def list_programmes(request: SignedInRequest, status: str | None = None) -> list[dict[str, Any]]:
    """Plans this user may see: a patient their own; clinicians their clinic's."""
    programmes = services.programmes_visible_to(request.user).prefetch_related("items__exercise")
    if status:
        programmes = programmes.filter(status=status)
    return [_programme(p) for p in programmes[:200]]


@router.get("/{programme_id}", response={200: ProgrammeOut, 404: Message})
def detail(request: SignedInRequest, programme_id: int) -> Status[Any]:
    programme = services.open_programme(
        programme_id, by=request.user, address=client_address(request)
    )
    return Status(200, _programme(programme))


@router.post("/{programme_id}/approve", response={200: ProgrammeOut, 404: Message, 409: Message})
def approve(request: SignedInRequest, programme_id: int, payload: ApproveIn) -> Status[Any]:
    programme = review.approve_programme(
        programme_id, by=request.user, note=payload.note, address=client_address(request)
    )
    return Status(200, _programme(programme))


@router.post("/{programme_id}/pause", response={200: ProgrammeOut, 404: Message, 409: Message})
def pause(request: SignedInRequest, programme_id: int, payload: PauseIn) -> Status[Any]:
    """A clinician pauses an active plan; the patient sees the reason (409 if not active)."""
    programme = review.pause_programme(
        programme_id, by=request.user, reason=payload.reason, address=client_address(request)
    )
    return Status(200, _programme(programme))


@router.post("/{programme_id}/resume", response={200: ProgrammeOut, 404: Message, 409: Message})
def resume(request: SignedInRequest, programme_id: int, payload: ResumeIn) -> Status[Any]:
    """A clinician resumes a paused plan (409 if it is not paused)."""
    programme = review.resume_programme(
        programme_id, by=request.user, note=payload.note, address=client_address(request)
    )
    return Status(200, _programme(programme))


@router.patch(
    "/{programme_id}/items/{item_id}",
    response={200: ItemOut, 404: Message, 409: Message},
)
def change_item(
    request: SignedInRequest, programme_id: int, item_id: int, payload: ItemChangeIn
) -> Status[Any]:
    """A clinician swaps an exercise (same kind) or changes its dose step (1 = first)."""
    item = review.change_item(
        programme_id,
        item_id,
        by=request.user,
        exercise=payload.exercise,
        rung=payload.step - 1 if payload.step is not None else None,
        address=client_address(request),
    )
    return Status(200, _item(item))
