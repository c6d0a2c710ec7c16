"""Assessment services: run the clinical rules, store the result, decide who may see it."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from spinewise import clinical
from spinewise.accounts.access import Person, clinics_where
from spinewise.accounts.clinics import site_clinic, thresholds_for
from spinewise.accounts.models import CLINICAL_ROLES, Clinic, User
from spinewise.accounts.patients import start_signup
from spinewise.assessments import questionnaire, storage
from spinewise.assessments.models import Assessment
from spinewise.audit.models import Action
from spinewise.audit.services import record, record_for
from spinewise.errors import InvalidInput, NotFound
from spinewise.web.throttle import check_limit, hash_address

RATE_MESSAGE = (
    "You have sent a lot of assessments from this connection in the last hour. "
    "Please wait a while and try again, or call the clinic."
)
ANSWERS_MESSAGE = "Some answers need checking."


def clinic_for(clinic: Clinic | str | None) -> Clinic:
    """A clinic by its short name (the site's clinic when none is given)."""
    if isinstance(clinic, Clinic):
        return clinic
    if not clinic:
        return site_clinic()
    found = Clinic.objects.filter(slug=clinic).first()
    if found is None:
        raise InvalidInput(
            errors=[{"field": "clinic", "message": "No clinic has this short name."}]
        )
    return found


def _store(
    answers: dict[str, Any],
    result: dict[str, Any],
    clinic: Clinic,
    *,
    client_hash: str,
    thresholds: clinical.Thresholds | None = None,
    patient: User | None = None,
    kind: str = Assessment.Kind.INITIAL,
    complete: bool = True,
) -> Assessment:
    assessment = Assessment(
        clinic=clinic,
        patient=patient,
        kind=kind,
        answers=answers,
        result=result,
        triage=result["triage"],
        programme_start=result["programme_start"],
        rules_version=clinical.RULES_VERSION,
        questionnaire_version=questionnaire.load().version,
        thresholds=thresholds.changes() if thresholds else {},
        client_hash=client_hash,
        is_complete=complete,
        claimed_at=timezone.now() if patient else None,
        shared_with_clinic=patient is not None,
    )
    storage.insert(assessment)
    return assessment


def create_assessment(
    answers: dict[str, Any],
    clinic: Clinic | str | None = None,
    *,
    address: str | None,
    patient: User | None = None,
    kind: str = Assessment.Kind.INITIAL,
) -> Assessment:
    """Validate, check the per-address limit, evaluate and store, for a clinic (by its
    short name, or the site's clinic).

    The one INSERT is atomic by itself, so nothing is ever half-saved. No transaction joins
    the limit check to it: a handful of simultaneous requests from one address may pass
    the limit together, which is fine for a limit against floods, and the extra BEGIN and
    COMMIT cost the busiest public endpoint 7 % of its time (bench/RESULTS.md).
    """
    clinic = clinic_for(clinic)
    thresholds = thresholds_for(clinic)
    try:
        result = clinical.assess(answers, thresholds)
    except clinical.ValidationError as invalid:
        # Each field named, before anything is stored.
        raise InvalidInput(ANSWERS_MESSAGE, errors=invalid.errors) from invalid
    hashed = hash_address(address)
    if patient is None:
        check_limit(
            Assessment,
            hashed,
            settings.ASSESSMENTS_PER_HOUR,
            window=timedelta(hours=1),
            message=RATE_MESSAGE,
        )
    return _store(
        answers,
        result.to_dict(),
        clinic,
        client_hash=hashed,
        thresholds=thresholds,
        patient=patient,
        kind=kind,
    )


def create_early_emergency(
    answers: dict[str, Any], clinic: Clinic, *, address: str | None
) -> Assessment | None:
    """Stop the questionnaire at once when an answer already means "emergency"."""
    result = clinical.screen_emergency(answers)
    if result is None:
        return None
    hashed = hash_address(address)
    return _store(answers, result.to_dict(), clinic, client_hash=hashed, complete=False)


def visible_assessments(user: Person) -> QuerySet[Assessment]:
    """A patient: their own. Clinicians: their clinic's, once shared with the clinic."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    clinics = clinics_where(user, tuple(CLINICAL_ROLES))
    return Assessment.objects.filter(
        Q(patient=user) | Q(clinic__in=clinics, shared_with_clinic=True)
    )


def open_result(
    public_id: str, *, by: Person, taken_here: Collection[str], address: str | None
) -> Assessment:
    """The assessment, if it was taken in this browser (`taken_here`, its ids) or the
    person may see it; else NotFound. The clinic's team looking is audited."""
    if public_id in taken_here:
        found = Assessment.objects.filter(public_id=public_id, patient__isnull=True).first()
        if found:
            return found
    try:
        assessment = visible_assessments(by).get(public_id=public_id)
    except Assessment.DoesNotExist as exc:
        raise NotFound() from exc
    if assessment.patient_id != by.pk:
        record_for(Action.VIEW, assessment, by=by, address=address)
    return assessment


def taken_by_viewer(assessment: Assessment, *, by: Person, taken_here: Collection[str]) -> bool:
    """True for the person who took it (this browser, or their account); False for the
    clinic's team looking at a patient's result."""
    if assessment.patient_id is None:
        return assessment.public_id in taken_here
    return bool(assessment.patient_id == by.pk)


@transaction.atomic
def keep_with_new_account(
    assessment: Assessment, *, email: str, full_name: str, password: str, address: str | None
) -> User | None:
    """A person who took a check anonymously makes an account to keep it: the result is
    theirs and shared with the clinic from now on, and the account opens once they follow
    the link we email them. When the email already has an account, nothing is made or
    kept (None) and its owner is emailed instead; the caller answers the same either way."""
    user = start_signup(assessment.clinic, email=email, full_name=full_name, password=password)
    if user is None:
        return None
    claim(assessment, user)
    record(
        Action.UPDATE,
        assessment,
        by=user,
        address=address,
        patient=user,
        clinic=assessment.clinic,
        detail="kept with a new account",
    )
    return user


@transaction.atomic
def claim(assessment: Assessment, patient: User) -> Assessment:
    """Attach an anonymous assessment to the account created from it; share with the clinic."""
    if assessment.patient_id not in (None, patient.pk):
        raise NotFound()
    assessment.patient = patient
    assessment.claimed_at = assessment.claimed_at or timezone.now()
    assessment.shared_with_clinic = True
    assessment.save(update_fields=["patient", "claimed_at", "shared_with_clinic"])
    return assessment
