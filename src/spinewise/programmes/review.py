"""A clinician's work on plans: review, approve, pause and resume, change an exercise, and
set up a new patient with a plan.

Every function takes the acting clinician (`by=`) and the client's address, finds the plan
within their reach (else NotFound), does the work and writes its audit entry in one
transaction. Two clinicians pressing at once: the row lock makes the second see the first
one's change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from spinewise import clinical
from spinewise.accounts.access import clinics_where, is_clinician
from spinewise.accounts.clinics import thresholds_for
from spinewise.accounts.models import CLINICAL_ROLES, User
from spinewise.accounts.patients import register_patient
from spinewise.audit.models import Action
from spinewise.audit.services import record
from spinewise.errors import InvalidInput, NotFound, Refused
from spinewise.exercises.models import Exercise
from spinewise.programmes.invites import send_invite
from spinewise.programmes.models import Programme, ProgrammeExercise
from spinewise.programmes.services import (
    find_programme,
    library_options,
    programmes_visible_to,
    store_plan,
)

NOTE_LIMIT = 2000


def may_review(programme: Programme, user: User) -> bool:
    """A clinician (or clinic admin) of the patient's clinic, and not the patient."""
    return programme.patient_id != user.pk and is_clinician(user, programme.clinic)


def programme_for_review(user: User, programme_id: int | str) -> Programme:
    """A plan this user may review and change: their own clinic's plans, never their own
    plan if they are a patient too. Otherwise NotFound."""
    programme = find_programme(user, programme_id)
    if not may_review(programme, user):
        raise NotFound()
    return programme


def require_clinician(user: User) -> None:
    """Clinician pages are not found by anyone else."""
    if not is_clinician(user):
        raise NotFound()


def plans_to_review(user: User) -> QuerySet[Programme]:
    """The plans of the clinician's clinics, other than their own."""
    require_clinician(user)
    return programmes_visible_to(user).exclude(patient=user)


def _audit(programme: Programme, obj: Any, *, by: User, address: str | None, **kw: Any) -> None:
    record(
        kw.pop("action", Action.UPDATE),
        obj,
        by=by,
        address=address,
        patient=programme.patient,
        clinic=programme.clinic,
        **kw,
    )


def open_for_review(programme_id: int | str, *, by: User, address: str | None) -> Programme:
    """The review page: the plan as the clinician sees it, audited."""
    programme = programme_for_review(by, programme_id)
    _audit(programme, programme, by=by, address=address, action=Action.VIEW)
    return programme


def _checked_text(text: str, *, field: str, required: str | None) -> str:
    text = (text or "").strip()
    if required and not text:
        raise InvalidInput.on(field, required)
    if len(text) > NOTE_LIMIT:
        raise InvalidInput.on(field, f"Please keep this to {NOTE_LIMIT} characters or fewer.")
    return text


def _locked(by: User, programme_id: int | str) -> Programme:
    programme = programme_for_review(by, programme_id)
    locked = Programme.objects.select_for_update().only("status").get(pk=programme.pk)
    programme.status = locked.status
    return programme


@transaction.atomic
def approve_programme(
    programme_id: int | str, *, by: User, note: str = "", address: str | None
) -> Programme:
    programme = _locked(by, programme_id)
    note = _checked_text(note, field="note", required=None)
    if programme.status != Programme.Status.AWAITING_APPROVAL:
        raise Refused("This plan is not waiting for approval.")
    programme.status = Programme.Status.ACTIVE
    programme.approved_by = by
    programme.approved_at = timezone.now()
    programme.start_date = timezone.localdate()
    if note:
        programme.clinician_note = note
    programme.save()
    _audit(programme, programme, by=by, address=address, detail="approved")
    return programme


@transaction.atomic
def pause_programme(
    programme_id: int | str, *, by: User, reason: str, address: str | None
) -> Programme:
    """A clinician pauses an active plan; the patient sees the reason and is asked not to
    carry on until the clinic has spoken to them (docs/clinical-rules.md §6)."""
    programme = _locked(by, programme_id)
    reason = _checked_text(reason, field="reason", required="Please say why the plan is paused.")
    if programme.status == Programme.Status.PAUSED:
        raise Refused("This plan is already paused.")
    if programme.status != Programme.Status.ACTIVE:
        raise Refused(
            f"Only an active plan can be paused; this one is "
            f"{programme.get_status_display().lower()}."
        )
    programme.status = Programme.Status.PAUSED
    programme.paused_reason = reason
    programme.paused_by = by
    programme.paused_at = timezone.now()
    programme.save(update_fields=["status", "paused_reason", "paused_by", "paused_at"])
    _audit(programme, programme, by=by, address=address, detail="paused")
    return programme


@transaction.atomic
def resume_programme(
    programme_id: int | str, *, by: User, note: str = "", address: str | None
) -> Programme:
    """Only a clinician resumes a paused plan (docs/clinical-rules.md §6), whoever or
    whatever paused it. The note, if any, is shown to the patient on their Today page."""
    programme = _locked(by, programme_id)
    note = _checked_text(note, field="note", required=None)
    if programme.status != Programme.Status.PAUSED:
        raise Refused("This plan is not paused, so there is nothing to resume.")
    programme.status = Programme.Status.ACTIVE
    programme.paused_reason = ""
    programme.paused_by = None
    programme.paused_at = None
    fields = ["status", "paused_reason", "paused_by", "paused_at"]
    if note:
        programme.clinician_note = note
        fields.append("clinician_note")
    programme.save(update_fields=fields)
    _audit(programme, programme, by=by, address=address, detail="resumed")
    return programme


def swap_options(item: ProgrammeExercise) -> QuerySet[Exercise]:
    """Exercises a clinician may swap in: active ones of the same kind."""
    return Exercise.objects.filter(is_active=True, category=item.exercise.category).order_by(
        "level", "name"
    )


def item_for_change(programme_id: int | str, item_id: int | str, *, by: User) -> ProgrammeExercise:
    """One exercise of a plan the clinician may change, or NotFound."""
    programme = programme_for_review(by, programme_id)
    try:
        item = programme.items.select_related("exercise").get(pk=item_id)
    except (ProgrammeExercise.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    item.programme = programme  # already loaded, with its patient and clinic
    return item


@transaction.atomic
def change_item(
    programme_id: int | str,
    item_id: int | str,
    *,
    by: User,
    exercise: str | None = None,
    rung: int | None = None,
    address: str | None,
) -> ProgrammeExercise:
    """Swap an exercise (by slug, for one of `swap_options`) or change its rung; naming
    the exercise it already is changes nothing but the rung."""
    item = item_for_change(programme_id, item_id, by=by)
    if exercise is not None and exercise != item.exercise.slug:
        chosen = Exercise.objects.filter(slug=exercise).first()
        if chosen is None:
            raise Refused(f"There is no exercise called {exercise!r}.")
        if not swap_options(item).filter(pk=chosen.pk).exists():
            raise Refused("Choose an active exercise of the same kind.")
        item.exercise = chosen
        item.reason = "Chosen by your clinician."
    ladder = item.exercise.dose["ladder"]
    if rung is not None:
        if not 0 <= rung < len(ladder):
            # People count steps from 1; the code counts rungs from 0.
            raise Refused(f"Choose a step from 1 to {len(ladder)}.")
        item.rung = rung
    item.rung = min(item.rung, len(ladder) - 1)
    item.save()
    _audit(item.programme, item, by=by, address=address)
    return item


def invite_patient(
    *,
    by: User,
    email: str,
    full_name: str,
    pain_now: int,
    odi_pct: float | None,
    directional_preference: str,
    care_pathway: str,
    contraindications: Iterable[str],
    address: str | None,
) -> Programme:
    """A clinician sets up a patient at their clinic with a plan they approve themselves;
    the patient is invited by email (sent once the records are stored) and the plan
    starts on the day they accept the safety advice, at first sign-in."""
    clinic = clinics_where(by, tuple(CLINICAL_ROLES)).first()
    if clinic is None:
        raise NotFound()
    profile = clinical.PatientProfile(
        pain_now=pain_now,
        odi_pct=odi_pct,
        # The form asks for no leg symptoms; a clinician rules exercises out by hand.
        pain_pattern=clinical.PainPattern.BACK_ONLY,
        directional_preference=directional_preference,
        care_pathway=care_pathway,
        contraindications=frozenset(contraindications),
    )
    with transaction.atomic():
        patient = register_patient(clinic, email=email, full_name=full_name, password=None)
        programme = store_plan(
            patient,
            clinic,
            clinical.build_programme(profile, library_options(), thresholds_for(clinic)),
            assessment=None,
            acknowledgement=None,
            needs_approval=False,
        )
        programme.approved_by = by
        programme.approved_at = timezone.now()
        programme.start_date = None
        programme.save(update_fields=["approved_by", "approved_at", "start_date"])
        _audit(programme, programme, by=by, address=address, action=Action.CREATE)
    send_invite(patient, clinic, settings.SITE_URL)
    return programme
