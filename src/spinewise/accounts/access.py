"""Access rules in one place: who may see which patient's data.

- a patient: only their own;
- clinicians and clinic admins: their clinic's patients, with clinical detail;
- front-desk staff: their clinic's patients, without clinical detail.
Every query that reads patient data goes through these functions. Anything outside a
user's reach is reported as NotFound (a 404 at both edges), so its existence is not revealed.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from spinewise.accounts.models import (
    CARE_TEAM_ROLES,
    CLINICAL_ROLES,
    Clinic,
    Membership,
    Role,
    User,
)
from spinewise.errors import NotFound

M = TypeVar("M", bound=Model)
# Whoever is asking: a signed-in person, or someone signed out (who may see nothing).
Person = User | AnonymousUser


def clinics_where(user: Person, roles: tuple[str, ...]) -> QuerySet[Clinic]:
    if not user.is_authenticated or not user.is_active:
        return Clinic.objects.none()
    member_of = Membership.objects.filter(user=user, role__in=roles).values("clinic_id")
    return Clinic.objects.filter(pk__in=member_of)


def is_clinician(user: Person, clinic: Clinic | None = None) -> bool:
    clinics = clinics_where(user, tuple(CLINICAL_ROLES))
    return clinics.filter(pk=clinic.pk).exists() if clinic else clinics.exists()


def patients_visible_to(user: Person) -> QuerySet[User]:
    """The patients whose records this user may open at all."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    team_clinics = clinics_where(user, tuple(CARE_TEAM_ROLES))
    patient_ids = Membership.objects.filter(
        Q(clinic__in=team_clinics) | Q(user=user), role=Role.PATIENT
    ).values("user_id")
    return User.objects.filter(pk__in=patient_ids, is_active=True)


def get_patient(user: Person, patient_id: int) -> User:
    """One patient, or NotFound if this user may not see them."""
    try:
        return patients_visible_to(user).get(pk=patient_id)
    except User.DoesNotExist as exc:
        raise NotFound() from exc


def scope_patient_records(
    queryset: QuerySet[M], user: Person, *, clinical: bool = True
) -> QuerySet[M]:
    """Narrow a queryset of records that have `patient` and `clinic` fields.

    clinical=True drops front-desk staff, who see contact details but not clinical detail.
    """
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    roles = CLINICAL_ROLES if clinical else CARE_TEAM_ROLES
    team_clinics = clinics_where(user, tuple(roles))
    return queryset.filter(Q(clinic__in=team_clinics) | Q(patient=user))


def get_patient_record(
    queryset: QuerySet[M], user: Person, pk: object, *, clinical: bool = True
) -> M:
    """One record of `queryset` within the user's reach, or NotFound."""
    try:
        found = scope_patient_records(queryset, user, clinical=clinical).filter(pk=pk).first()
    except (ValueError, TypeError):  # an id that cannot be one
        found = None
    if found is None:
        raise NotFound()
    return found
