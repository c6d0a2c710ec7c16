"""Assessment services: run the clinical rules, store the result, decide who may see it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from spinewise import clinical
from spinewise.accounts.access import clinics_where
from spinewise.accounts.clinics import site_clinic, thresholds_for
from spinewise.accounts.models import CLINICAL_ROLES, Clinic, User
from spinewise.assessments import questionnaire, storage
from spinewise.assessments.models import Assessment
from spinewise.audit.models import Action
from spinewise.audit.services import record
from spinewise.web.throttle import check_limit

SESSION_KEY = "my_assessments"  # ids an anonymous person took in this browser
RATE_MESSAGE = (
    "You have sent a lot of assessments from this connection in the last hour. "
    "Please wait a while and try again, or call the clinic."
)


class UnknownClinic(Exception):
    pass


def clinic_for(slug: str | None) -> Clinic:
    if not slug:
        return site_clinic()
    try:
        return Clinic.objects.get(slug=slug)
    except Clinic.DoesNotExist as exc:
        raise UnknownClinic(slug) from exc


def _store(
    answers: dict[str, Any],
    result: dict[str, Any],
    clinic: Clinic,
    *,
    fingerprint: str,
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
        client_hash=fingerprint,
        is_complete=complete,
        claimed_at=timezone.now() if patient else None,
        shared_with_clinic=patient is not None,
    )
    storage.insert(assessment)
    return assessment


def create_assessment(
    answers: dict[str, Any],
    clinic: Clinic,
    *,
    fingerprint: str,
    patient: User | None = None,
    kind: str = Assessment.Kind.INITIAL,
) -> Assessment:
    """Validate, check the per-address limit, evaluate and store.

    The one INSERT is atomic by itself, so nothing is ever half-saved. No transaction joins
    the limit check to it: a handful of simultaneous requests from one address may pass
    the limit together, which is fine for a limit against floods, and the extra BEGIN and
    COMMIT cost the busiest public endpoint 7 % of its time (bench/RESULTS.md).
    """
    thresholds = thresholds_for(clinic)
    # Invalid answers raise clinical.ValidationError, naming each field, before any storing.
    result = clinical.assess(answers, thresholds)
    if patient is None:
        check_limit(
            Assessment,
            fingerprint,
            settings.ASSESSMENTS_PER_HOUR,
            window=timedelta(hours=1),
            message=RATE_MESSAGE,
        )
    return _store(
        answers,
        result.to_dict(),
        clinic,
        fingerprint=fingerprint,
        thresholds=thresholds,
        patient=patient,
        kind=kind,
    )


def create_early_emergency(
    answers: dict[str, Any], clinic: Clinic, *, fingerprint: str
) -> Assessment | None:
    """Stop the questionnaire at once when an answer already means "emergency"."""
    result = clinical.screen_emergency(answers)
    if result is None:
        return None
    return _store(answers, result.to_dict(), clinic, fingerprint=fingerprint, complete=False)


def remember_in_session(request: HttpRequest, assessment: Assessment) -> None:
    ids = list(request.session.get(SESSION_KEY, []))[-19:]
    request.session[SESSION_KEY] = [*ids, assessment.public_id]


def visible_assessments(user: User) -> QuerySet[Assessment]:
    """A patient: their own. Clinicians: their clinic's, once shared with the clinic."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    clinics = clinics_where(user, tuple(CLINICAL_ROLES))
    return Assessment.objects.filter(
        Q(patient=user) | Q(clinic__in=clinics, shared_with_clinic=True)
    )


def get_for_viewer(request: HttpRequest, public_id: str) -> Assessment:
    """The assessment, if this browser took it or the signed-in user may see it; else 404."""
    if public_id in request.session.get(SESSION_KEY, []):
        found = Assessment.objects.filter(public_id=public_id, patient__isnull=True).first()
        if found:
            return found
    try:
        assessment = visible_assessments(request.user).get(public_id=public_id)  # type: ignore[arg-type]
    except Assessment.DoesNotExist as exc:
        raise Http404("No such assessment.") from exc
    if assessment.patient_id != request.user.pk:
        record(
            request, Action.VIEW, assessment, patient=assessment.patient, clinic=assessment.clinic
        )
    return assessment


def taken_by_viewer(request: HttpRequest, assessment: Assessment) -> bool:
    """True for the person who took it (this browser, or their account); False for the
    clinic's team looking at a patient's result."""
    if assessment.patient_id is None:
        return assessment.public_id in request.session.get(SESSION_KEY, [])
    return bool(assessment.patient_id == request.user.pk)


@transaction.atomic
def claim(assessment: Assessment, patient: User) -> Assessment:
    """Attach an anonymous assessment to the account created from it; share with the clinic."""
    if assessment.patient_id not in (None, patient.pk):
        raise Http404("No such assessment.")
    assessment.patient = patient
    assessment.claimed_at = assessment.claimed_at or timezone.now()
    assessment.shared_with_clinic = True
    assessment.save(update_fields=["patient", "claimed_at", "shared_with_clinic"])
    return assessment
