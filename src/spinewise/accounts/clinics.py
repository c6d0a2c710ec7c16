"""Service functions for clinics."""

from __future__ import annotations

from django.conf import settings

from spinewise.accounts.models import Clinic


def site_defaults() -> dict[str, object]:
    return {
        "name": settings.CLINIC_NAME,
        "phone": settings.CLINIC_PHONE,
        "email": settings.CLINIC_EMAIL,
        "opening_hours": settings.CLINIC_HOURS,
        "time_zone": settings.CLINIC_TIME_ZONE,
        "country": settings.CLINIC_COUNTRY,
        "requires_plan_approval": settings.CLINIC_REQUIRES_APPROVAL,
    }


def site_clinic() -> Clinic:
    """The clinic this installation serves by default (created from settings if missing)."""
    clinic, _ = Clinic.objects.get_or_create(slug=settings.CLINIC_SLUG, defaults=site_defaults())
    return clinic
