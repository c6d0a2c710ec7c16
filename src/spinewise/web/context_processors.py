from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from spinewise.accounts.clinics import site_clinic
from spinewise.accounts.hours import emergency_number, opening_status
from spinewise.accounts.models import CARE_TEAM_ROLES, CLINICAL_ROLES, Clinic, Membership


def tel_href(phone: str) -> str:
    return "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def clinic(request: HttpRequest) -> dict[str, object]:
    """The clinic's name, phone and hours for the header's call-now button."""
    return clinic_contact(site_clinic())


def clinic_contact(current: Clinic) -> dict[str, object]:
    """Call-now details for one clinic: a page about a patient's own plan passes their
    clinic's, which take the place of the site's."""
    return {
        "clinic": current,
        "clinic_tel": tel_href(current.phone),
        "clinic_opening": opening_status(current.opening_hours, current.time_zone, timezone.now()),
        "emergency_number": emergency_number(current.country),
    }


def roles(request: HttpRequest) -> dict[str, object]:
    """What the navigation offers: clinicians see the clinic pages, the team the queue."""
    user = request.user
    if not user.is_authenticated:
        return {"is_clinician": False, "is_care_team": False}
    # One query on every page: the roles this person holds at any clinic.
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    return {
        "is_clinician": bool(held & set(CLINICAL_ROLES)),
        "is_care_team": bool(held & set(CARE_TEAM_ROLES)),
    }
