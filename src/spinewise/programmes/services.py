"""Programme services for the patient: the safety gate, a plan from an assessment, today.

Each function takes the acting person (`by=`) and, where it writes the audit log, the
client's address as a plain value; it never sees an HTTP request. Errors are of the
`spinewise.errors` family. A clinician's work on plans is in `programmes.review`.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from spinewise import clinical
from spinewise.accounts.access import scope_patient_records
from spinewise.accounts.clinics import thresholds_for
from spinewise.accounts.models import Clinic, User
from spinewise.assessments.models import Assessment
from spinewise.audit.models import Action
from spinewise.audit.services import record, record_for
from spinewise.errors import NotFound, Refused
from spinewise.exercises.models import Exercise
from spinewise.programmes.models import (
    SAFETY_TEXT_VERSION,
    Programme,
    ProgrammeExercise,
    SafetyAcknowledgement,
)
from spinewise.programmes.today import Today, today_for

BLOCKED_MESSAGE = (
    "Your check showed signs that a doctor needs to see first, so we cannot start an exercise "
    "plan yet. Please follow the advice on your result, or call the clinic."
)
NEEDS_ACK_MESSAGE = "Please read and accept the safety advice before your plan starts."
NO_CHECK_MESSAGE = "Take the free back-pain check first."
NO_ASSESSMENT_MESSAGE = "No assessment found. Take the free back-pain check first."
NO_PLAN_MESSAGE = "You do not have a plan yet."


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


def my_programme(*, by: User) -> Programme:
    """The patient's own current plan (their own data: not audited), or NotFound."""
    programme = current_programme(by)
    if programme is None:
        raise NotFound(NO_PLAN_MESSAGE)
    return programme


def todays_session(*, by: User, on: date | None = None) -> tuple[Programme, Today]:
    """What the patient's active plan asks of them today; Refused while it is not active."""
    programme = my_programme(by=by)
    if programme.status != Programme.Status.ACTIVE:
        raise Refused(f"Your plan is {programme.get_status_display().lower()}.")
    return programme, today_for(programme, on or timezone.localdate())


def accept_safety_advice(
    *, by: User, address: str | None, make_plan: bool = False
) -> Programme | None:
    """The patient accepts the advice to check with a professional first (stored with the
    time and the text version, audited). A plan a clinician made starts today; with
    `make_plan`, a patient without a plan gets one from their latest assessment.

    The acceptance is kept even when that plan is then refused: the person did read it.
    """
    programme = current_programme(by)
    assessment = latest_assessment(by)
    clinic = programme.clinic if programme else assessment.clinic if assessment else None
    if clinic is None:
        raise NotFound(NO_CHECK_MESSAGE)
    with transaction.atomic():
        acknowledgement = SafetyAcknowledgement.objects.create(
            patient=by, clinic=clinic, text_version=SAFETY_TEXT_VERSION
        )
        if programme is not None:
            _start_after_acknowledgement(programme, acknowledgement)
        # Last: the audit log's lock is the last one a transaction takes (audit/services.py).
        record(Action.CREATE, acknowledgement, by=by, address=address, patient=by, clinic=clinic)
    if programme is None and make_plan and assessment is not None:
        programme = _plan_from(assessment, by=by, address=address)
    return programme


def create_from_assessment(
    *, by: User, address: str | None, assessment_id: str | None = None
) -> Programme:
    """Make the patient's plan from one of their assessments (the latest by default) as
    the rules give it, or refuse with a reason."""
    assessments = Assessment.objects.filter(patient=by)
    if assessment_id:
        assessment = assessments.filter(public_id=assessment_id).first()
    else:
        assessment = assessments.order_by("-created_at").first()
    if assessment is None:
        raise NotFound(NO_ASSESSMENT_MESSAGE)
    return _plan_from(assessment, by=by, address=address)


@transaction.atomic
def _plan_from(assessment: Assessment, *, by: User, address: str | None) -> Programme:
    if assessment.programme_start == clinical.ProgrammeStart.BLOCKED:
        raise Refused(BLOCKED_MESSAGE)
    acknowledgement = current_acknowledgement(by)
    if acknowledgement is None:
        raise Refused(NEEDS_ACK_MESSAGE)
    programme = current_programme(by)
    if programme is not None:
        return programme  # their own plan, already made (and audited when it was)
    profile = clinical.PatientProfile.from_assessment(assessment.answers, assessment.result)
    needs_approval = (
        assessment.programme_start == clinical.ProgrammeStart.NEEDS_APPROVAL
        or assessment.clinic.requires_plan_approval
        # High risk: a clinician is asked to review (docs/clinical-rules.md §3).
        or profile.care_pathway == clinical.CarePathway.PSYCHOLOGICALLY_INFORMED
    )
    plan = clinical.build_programme(profile, library_options(), thresholds_for(assessment.clinic))
    try:
        # A savepoint: when a request at the same moment stored the patient's plan first,
        # the database refuses this one (one_current_programme_per_patient) and we give
        # back that plan (docs/architecture.md, "Writes that happen once").
        with transaction.atomic():
            programme = store_plan(
                by,
                assessment.clinic,
                plan,
                assessment=assessment,
                acknowledgement=acknowledgement,
                needs_approval=needs_approval,
            )
    except IntegrityError:
        programme = current_programme(by)
        if programme is None:
            raise  # refused for some other reason
        return programme
    record(Action.CREATE, programme, by=by, address=address, patient=by, clinic=programme.clinic)
    return programme


def store_plan(
    patient: User,
    clinic: Clinic,
    plan: clinical.ProgrammePlan,
    *,
    assessment: Assessment | None,
    acknowledgement: SafetyAcknowledgement | None,
    needs_approval: bool,
) -> Programme:
    """Store a plan the rules built, with one row per exercise and the daily walk."""
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


def _start_after_acknowledgement(
    programme: Programme, acknowledgement: SafetyAcknowledgement
) -> None:
    """Link the patient's acknowledgement; a plan a clinician made starts from this day."""
    programme.acknowledgement = acknowledgement
    fields = ["acknowledgement"]
    if programme.status == Programme.Status.ACTIVE and programme.start_date is None:
        programme.start_date = timezone.localdate()
        fields.append("start_date")
    programme.save(update_fields=fields)


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    return scope_patient_records(Programme.objects.all(), user).select_related(
        "patient", "clinic", "approved_by"
    )


def find_programme(user: User, programme_id: int | str) -> Programme:
    """A plan this user may see, or NotFound (missing and out of reach look the same)."""
    try:
        return programmes_visible_to(user).get(pk=programme_id)
    except (Programme.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def open_programme(programme_id: int | str, *, by: User, address: str | None) -> Programme:
    """Read one plan (a patient their own, a clinician their clinic's), audited."""
    programme = find_programme(by, programme_id)
    record_for(Action.VIEW, programme, by=by, address=address)
    return programme
