"""Programme services: the safety gate, creating a plan from an assessment, approval."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from spinewise import clinical
from spinewise.accounts.access import is_clinician, scope_patient_records
from spinewise.accounts.clinics import thresholds_for
from spinewise.accounts.models import Clinic, User
from spinewise.assessments.models import Assessment
from spinewise.audit.models import Action
from spinewise.audit.services import record
from spinewise.exercises.models import Exercise
from spinewise.programmes.models import (
    SAFETY_TEXT_VERSION,
    Programme,
    ProgrammeExercise,
    SafetyAcknowledgement,
)


class ProgrammeRefused(Exception):
    """A plan cannot be made; the message says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProgrammeInvalid(ProgrammeRefused):
    """What was typed cannot be used (missing or too long); the message says how to fix it."""


BLOCKED_MESSAGE = (
    "Your check showed signs that a doctor needs to see first, so we cannot start an exercise "
    "plan yet. Please follow the advice on your result, or call the clinic."
)
NEEDS_ACK_MESSAGE = "Please read and accept the safety advice before your plan starts."


def acknowledge_safety(patient: User, clinic: Clinic) -> SafetyAcknowledgement:
    return SafetyAcknowledgement.objects.create(
        patient=patient, clinic=clinic, text_version=SAFETY_TEXT_VERSION
    )


def current_acknowledgement(patient: User) -> SafetyAcknowledgement | None:
    return (
        SafetyAcknowledgement.objects.filter(patient=patient, text_version=SAFETY_TEXT_VERSION)
        .order_by("-acknowledged_at")
        .first()
    )


def library_options() -> list[clinical.ExerciseOption]:
    return [
        clinical.ExerciseOption.from_descriptor(e.to_descriptor())
        for e in Exercise.objects.filter(is_active=True)
    ]


def latest_assessment(patient: User) -> Assessment | None:
    return Assessment.objects.filter(patient=patient).order_by("-created_at").first()


def current_programme(patient: User) -> Programme | None:
    return (
        Programme.objects.filter(patient=patient)
        .exclude(status=Programme.Status.COMPLETED)
        .select_related("clinic", "approved_by")
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def create_from_assessment(patient: User, assessment: Assessment) -> Programme:
    """Make the plan the rules give for this assessment, or refuse with a reason."""
    if assessment.patient_id != patient.pk:
        raise Http404("No such assessment.")
    if assessment.programme_start == "blocked":
        raise ProgrammeRefused(BLOCKED_MESSAGE)
    acknowledgement = current_acknowledgement(patient)
    if acknowledgement is None:
        raise ProgrammeRefused(NEEDS_ACK_MESSAGE)
    existing = current_programme(patient)
    if existing is not None:
        return existing
    profile = clinical.PatientProfile.from_assessment(assessment.answers, assessment.result)
    needs_approval = (
        assessment.programme_start == "needs_approval" or assessment.clinic.requires_plan_approval
    )
    return _store_plan(
        patient,
        assessment.clinic,
        clinical.build_programme(profile, library_options(), thresholds_for(assessment.clinic)),
        assessment=assessment,
        acknowledgement=acknowledgement,
        needs_approval=needs_approval or profile.care_pathway == "psychologically_informed",
    )


def _store_plan(
    patient: User,
    clinic: Clinic,
    plan: clinical.ProgrammePlan,
    *,
    assessment: Assessment | None,
    acknowledgement: SafetyAcknowledgement | None,
    needs_approval: bool,
) -> Programme:
    programme = Programme.objects.create(
        patient=patient,
        clinic=clinic,
        assessment=assessment,
        acknowledgement=acknowledgement,
        status=Programme.Status.AWAITING_APPROVAL if needs_approval else Programme.Status.ACTIVE,
        mode=plan.mode,
        gentle_start=plan.gentle_start,
        sessions_per_week=plan.sessions_per_week,
        session_days=list(plan.session_days),
        phase_starts=list(plan.phase_starts),
        reasons=list(plan.reasons),
        start_date=None if needs_approval else timezone.localdate(),
    )
    exercises = Exercise.objects.in_bulk(
        [p.slug for p in plan.exercises] + ([plan.walking.slug] if plan.walking else []),
        field_name="slug",
    )
    items = [
        ProgrammeExercise(
            programme=programme,
            exercise=exercises[p.slug],
            order=index,
            from_week=p.from_week,
            rung=p.rung,
            reason=p.reason,
        )
        for index, p in enumerate(plan.exercises)
    ]
    if plan.walking:
        items.append(
            ProgrammeExercise(
                programme=programme,
                exercise=exercises[plan.walking.slug],
                order=len(items),
                rung=plan.walking.rung,
                reason=plan.walking.reason,
                is_walking_goal=True,
            )
        )
    ProgrammeExercise.objects.bulk_create(items)
    return programme


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    return scope_patient_records(Programme.objects.all(), user).select_related(
        "patient", "clinic", "approved_by"
    )


def get_programme(user: User, programme_id: Any) -> Programme:
    try:
        return programmes_visible_to(user).get(pk=programme_id)
    except (Programme.DoesNotExist, ValueError) as exc:
        raise Http404("No such programme.") from exc


def get_programme_for_review(user: User, programme_id: Any) -> Programme:
    """A plan this user may review and change: a clinician's (or clinic admin's) own
    clinic's plans, never their own plan if they are a patient too. Otherwise 404."""
    programme = get_programme(user, programme_id)
    if not may_review(programme, user):
        raise Http404("No such programme.")
    return programme


def may_review(programme: Programme, user: User) -> bool:
    """A clinician (or clinic admin) of the patient's clinic, and not the patient."""
    return programme.patient_id != user.pk and is_clinician(user, programme.clinic)


def start_after_acknowledgement(
    programme: Programme, acknowledgement: SafetyAcknowledgement
) -> Programme:
    """Link the patient's acknowledgement; a plan a clinician made starts from this day."""
    programme.acknowledgement = acknowledgement
    fields = ["acknowledgement"]
    if programme.status == Programme.Status.ACTIVE and programme.start_date is None:
        programme.start_date = timezone.localdate()
        fields.append("start_date")
    programme.save(update_fields=fields)
    return programme


def swap_options(item: ProgrammeExercise) -> QuerySet[Exercise]:
    """Exercises a clinician may swap in: active ones of the same kind."""
    return Exercise.objects.filter(is_active=True, category=item.exercise.category).order_by(
        "level", "name"
    )


@transaction.atomic
def approve(
    programme: Programme,
    clinician: User,
    note: str = "",
    *,
    http_request: HttpRequest | None = None,
) -> Programme:
    _require_reviewer(programme, clinician, "approve")
    if programme.status != Programme.Status.AWAITING_APPROVAL:
        raise ProgrammeRefused("This plan is not waiting for approval.")
    programme.status = Programme.Status.ACTIVE
    programme.approved_by = clinician
    programme.approved_at = timezone.now()
    programme.start_date = timezone.localdate()
    if note:
        programme.clinician_note = note
    programme.save()
    _audit(http_request, programme, clinician, "approved")
    return programme


def _audit(
    http_request: HttpRequest | None, programme: Programme, clinician: User, what: str
) -> None:
    # Every change of a plan's state is audited here, whichever page or API asked for it.
    record(
        http_request,
        Action.UPDATE,
        programme,
        patient=programme.patient,
        clinic=programme.clinic,
        actor=clinician,
        detail=what,
    )


NOTE_LIMIT = 2000


def _require_reviewer(programme: Programme, clinician: User, doing: str) -> None:
    if not may_review(programme, clinician):
        raise ProgrammeRefused(f"Only a clinician at the patient's clinic can {doing} this plan.")


def _checked_text(text: str, *, required: str | None) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ProgrammeInvalid(required)
    if len(text) > NOTE_LIMIT:
        raise ProgrammeInvalid(f"Please keep this to {NOTE_LIMIT} characters or fewer.")
    return text


def _lock_status(programme: Programme) -> None:
    # Two clinicians pressing at once: the second sees the first one's change.
    locked = Programme.objects.select_for_update().only("status").get(pk=programme.pk)
    programme.status = locked.status


@transaction.atomic
def pause(
    programme: Programme,
    clinician: User,
    reason: str,
    *,
    http_request: HttpRequest | None = None,
) -> Programme:
    """A clinician pauses an active plan; the patient sees the reason and is asked not to
    carry on until the clinic has spoken to them (CLINICAL.md §6)."""
    _require_reviewer(programme, clinician, "pause")
    reason = _checked_text(reason, required="Please say why the plan is paused.")
    _lock_status(programme)
    if programme.status == Programme.Status.PAUSED:
        raise ProgrammeRefused("This plan is already paused.")
    if programme.status != Programme.Status.ACTIVE:
        raise ProgrammeRefused(
            f"Only an active plan can be paused; this one is "
            f"{programme.get_status_display().lower()}."
        )
    programme.status = Programme.Status.PAUSED
    programme.paused_reason = reason
    programme.paused_by = clinician
    programme.paused_at = timezone.now()
    programme.save(update_fields=["status", "paused_reason", "paused_by", "paused_at"])
    _audit(http_request, programme, clinician, "paused")
    return programme


@transaction.atomic
def resume(
    programme: Programme,
    clinician: User,
    note: str = "",
    *,
    http_request: HttpRequest | None = None,
) -> Programme:
    """Only a clinician resumes a paused plan (CLINICAL.md §6), whoever or whatever paused
    it. The note, if any, is shown to the patient on their Today page."""
    _require_reviewer(programme, clinician, "resume")
    note = _checked_text(note, required=None)
    _lock_status(programme)
    if programme.status != Programme.Status.PAUSED:
        raise ProgrammeRefused("This plan is not paused, so there is nothing to resume.")
    programme.status = Programme.Status.ACTIVE
    programme.paused_reason = ""
    programme.paused_by = None
    programme.paused_at = None
    fields = ["status", "paused_reason", "paused_by", "paused_at"]
    if note:
        programme.clinician_note = note
        fields.append("clinician_note")
    programme.save(update_fields=fields)
    _audit(http_request, programme, clinician, "resumed")
    return programme


def change_item(
    item: ProgrammeExercise, *, exercise: Exercise | None = None, rung: int | None = None
) -> ProgrammeExercise:
    """A clinician swaps an exercise (for one of `swap_options`) or changes its dose step."""
    if exercise is not None and not swap_options(item).filter(pk=exercise.pk).exists():
        raise ProgrammeRefused("Choose an active exercise of the same kind.")
    if exercise is not None:
        item.exercise = exercise
        item.reason = "Chosen by your clinician."
    ladder = item.exercise.dose["ladder"]
    if rung is not None:
        if not 0 <= rung < len(ladder):
            raise ProgrammeRefused(f"Choose a step from 1 to {len(ladder)}.")
        item.rung = rung
    item.rung = min(item.rung, len(ladder) - 1)
    item.save()
    return item


def week_of(programme: Programme, on: date) -> int:
    if programme.start_date is None:
        return 1
    return max(1, min(12, (on - programme.start_date).days // 7 + 1))


@transaction.atomic
def create_by_clinician(
    patient: User, clinic: Clinic, profile: clinical.PatientProfile, clinician: User
) -> Programme:
    """A clinician's own plan is approved by them; it starts on the day the patient accepts
    the safety advice, at first sign-in."""
    programme = _store_plan(
        patient,
        clinic,
        clinical.build_programme(profile, library_options(), thresholds_for(clinic)),
        assessment=None,
        acknowledgement=None,
        needs_approval=False,
    )
    programme.approved_by = clinician
    programme.approved_at = timezone.now()
    programme.start_date = None
    programme.save(update_fields=["approved_by", "approved_at", "start_date"])
    return programme
