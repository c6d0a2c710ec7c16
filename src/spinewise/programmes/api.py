"""Programme API: a patient's own plan; clinicians see and approve their clinic's plans."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from spinewise.accounts.models import User
from spinewise.api.auth import SIGNED_IN
from spinewise.api.schemas import Message
from spinewise.assessments.models import Assessment
from spinewise.audit.models import Action
from spinewise.audit.services import record
from spinewise.exercises.models import Exercise
from spinewise.programmes import services
from spinewise.programmes.models import Programme
from spinewise.programmes.today import planned, today_for

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


class CreateIn(Schema):
    assessment_id: str | None = None


class ApproveIn(Schema):
    note: str = Field("", max_length=2000, description="Note for the patient.")


class PauseIn(Schema):
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
    ] = Field(description="Why, written to the patient: they see it.")


class ResumeIn(Schema):
    note: str = Field("", max_length=2000, description="Note for the patient (optional).")


class ItemChangeIn(Schema):
    exercise: str | None = Field(None, description="Slug of an active exercise of the same kind.")
    step: int | None = Field(None, ge=1, description="Step on the dose ladder, 1 = first.")


def _item(item: Any) -> dict[str, Any]:
    shown = planned(item)
    return {
        "id": item.pk,
        "exercise": item.exercise.slug,
        "name": item.exercise.name,
        "category": item.exercise.category,
        "from_week": item.from_week,
        "step": item.rung + 1,
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
def acknowledge(request: HttpRequest) -> Status[Any]:
    """The patient accepts the safety advice (stored with the time and text version)."""
    assessment = services.latest_assessment(request.user)  # type: ignore[arg-type]
    programme = services.current_programme(request.user)  # type: ignore[arg-type]
    clinic = programme.clinic if programme else assessment.clinic if assessment else None
    if clinic is None:
        return Status(404, {"message": "Take the free back-pain check first."})
    acknowledgement = services.acknowledge_safety(request.user, clinic)  # type: ignore[arg-type]
    record(request, Action.CREATE, acknowledgement, patient=request.user, clinic=clinic)
    if programme is not None:
        services.start_after_acknowledgement(programme, acknowledgement)
    return Status(201, {"message": "Thank you. Your plan can start."})


@router.post("", response={201: ProgrammeOut, 404: Message, 409: Message})
def create(request: HttpRequest, payload: CreateIn) -> Status[Any]:
    """Create the patient's own plan from their assessment (refused when it is blocked)."""
    user: User = request.user  # type: ignore[assignment]  # SIGNED_IN: signed in
    if payload.assessment_id:
        assessment = Assessment.objects.filter(
            patient=user, public_id=payload.assessment_id
        ).first()
    else:
        assessment = services.latest_assessment(user)
    if assessment is None:
        return Status(404, {"message": "No assessment found. Take the free back-pain check first."})
    try:
        programme = services.create_from_assessment(user, assessment)
    except services.ProgrammeRefused as refused:
        return Status(409, {"message": refused.message})
    record(request, Action.CREATE, programme, patient=user, clinic=programme.clinic)
    return Status(201, _programme(programme))


@router.get("/mine", response={200: ProgrammeOut, 404: Message})
def mine(request: HttpRequest) -> Status[Any]:
    programme = services.current_programme(request.user)  # type: ignore[arg-type]
    if programme is None:
        return Status(404, {"message": "You do not have a plan yet."})
    return Status(200, _programme(programme))


@router.get("/mine/today", response={200: TodayOut, 404: Message, 409: Message})
def mine_today(request: HttpRequest) -> Status[Any]:
    programme = services.current_programme(request.user)  # type: ignore[arg-type]
    if programme is None:
        return Status(404, {"message": "You do not have a plan yet."})
    if programme.status != Programme.Status.ACTIVE:
        return Status(409, {"message": f"Your plan is {programme.get_status_display().lower()}."})
    today = today_for(programme, timezone.localdate())
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
def list_programmes(request: HttpRequest, status: str | None = None) -> list[dict[str, Any]]:
    """Plans this user may see: a patient their own; clinicians their clinic's."""
    programmes = services.programmes_visible_to(request.user).prefetch_related(  # type: ignore[arg-type]
        "items__exercise"
    )
    if status:
        programmes = programmes.filter(status=status)
    return [_programme(p) for p in programmes[:200]]


@router.get("/{programme_id}", response={200: ProgrammeOut, 404: Message})
def detail(request: HttpRequest, programme_id: int) -> Status[Any]:
    programme = services.get_programme(request.user, programme_id)  # type: ignore[arg-type]
    record(request, Action.VIEW, programme, patient=programme.patient, clinic=programme.clinic)
    return Status(200, _programme(programme))


@router.post("/{programme_id}/approve", response={200: ProgrammeOut, 404: Message, 409: Message})
def approve(request: HttpRequest, programme_id: int, payload: ApproveIn) -> Status[Any]:
    user: User = request.user  # type: ignore[assignment]  # SIGNED_IN: signed in
    programme = services.get_programme_for_review(user, programme_id)
    try:
        services.approve(programme, user, payload.note, http_request=request)
    except services.ProgrammeRefused as refused:
        return Status(409, {"message": refused.message})
    return Status(200, _programme(programme))


@router.post("/{programme_id}/pause", response={200: ProgrammeOut, 404: Message, 409: Message})
def pause(request: HttpRequest, programme_id: int, payload: PauseIn) -> Status[Any]:
    """A clinician pauses an active plan; the patient sees the reason (409 if not active)."""
    return _change_state(request, programme_id, services.pause, payload.reason)


@router.post("/{programme_id}/resume", response={200: ProgrammeOut, 404: Message, 409: Message})
def resume(request: HttpRequest, programme_id: int, payload: ResumeIn) -> Status[Any]:
    """A clinician resumes a paused plan (409 if it is not paused)."""
    return _change_state(request, programme_id, services.resume, payload.note)


def _change_state(
    request: HttpRequest,
    programme_id: int,
    change: Callable[..., Programme],
    text: str,
) -> Status[Any]:
    user: User = request.user  # type: ignore[assignment]  # SIGNED_IN: signed in
    programme = services.get_programme_for_review(user, programme_id)
    try:
        change(programme, user, text, http_request=request)
    except services.ProgrammeRefused as refused:
        # ProgrammeInvalid cannot reach here: the schema has checked the text already.
        return Status(409, {"message": refused.message})
    return Status(200, _programme(programme))


@router.patch(
    "/{programme_id}/items/{item_id}",
    response={200: ItemOut, 404: Message, 409: Message},
)
def change_item(
    request: HttpRequest, programme_id: int, item_id: int, payload: ItemChangeIn
) -> Status[Any]:
    """A clinician swaps an exercise (same kind) or changes its dose step (1 = first)."""
    user: User = request.user  # type: ignore[assignment]  # SIGNED_IN: signed in
    programme = services.get_programme_for_review(user, programme_id)
    item = programme.items.select_related("exercise").filter(pk=item_id).first()
    if item is None:
        return Status(404, {"message": "Not found."})
    exercise = None
    if payload.exercise is not None:
        exercise = Exercise.objects.filter(slug=payload.exercise).first()
        if exercise is None:
            return Status(409, {"message": f"There is no exercise called {payload.exercise!r}."})
    try:
        services.change_item(
            item, exercise=exercise, rung=payload.step - 1 if payload.step is not None else None
        )
    except services.ProgrammeRefused as refused:
        return Status(409, {"message": refused.message})
    record(request, Action.UPDATE, item, patient=programme.patient, clinic=programme.clinic)
    return Status(200, _item(item))
