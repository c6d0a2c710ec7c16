"""Service functions for clinics."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import transaction

from spinewise import clinical
from spinewise.accounts.models import Clinic

logger = logging.getLogger(__name__)

# Every page and public submission reads the site's clinic, and it changes rarely (in the
# admin). Each process keeps it this long; a save in this process forgets it at once.
KEEP_SECONDS = 30.0
_kept: tuple[float, Clinic] | None = None


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
    now = time.monotonic()
    if _kept and now - _kept[0] < KEEP_SECONDS and _kept[1].slug == settings.CLINIC_SLUG:
        return _kept[1]
    clinic, created = Clinic.objects.get_or_create(
        slug=settings.CLINIC_SLUG, defaults=site_defaults()
    )
    if created:
        # Kept only once it is committed: another thread handed a row that does not exist
        # for it yet would fail its foreign keys (a fresh install's first burst).
        transaction.on_commit(lambda: _keep(now, clinic))
    else:
        _keep(now, clinic)
    return clinic


def _keep(at: float, clinic: Clinic) -> None:
    global _kept
    _kept = (at, clinic)


def forget_site_clinic(**_: Any) -> None:
    """Drop the kept copy (connected to Clinic saves and deletes; used by the tests)."""
    global _kept
    _kept = None


def thresholds_for(clinic: Clinic) -> clinical.Thresholds:
    """The rules' numbers for this clinic: the docs/clinical-rules.md defaults with its changes.

    Changes are checked when saved (Clinic.clean). A stored change that is still refused
    (written around the admin) is logged and the defaults are used, rather than turning
    every person away from the assessment.
    """
    approval = clinic.requires_plan_approval
    try:
        return clinical.thresholds_from(
            clinic.clinical_thresholds, require_approval_for_all=approval
        )
    except clinical.ValidationError as refused:
        logger.error("Clinic %s: using the default thresholds, not %s", clinic.slug, refused)
        return clinical.Thresholds(require_approval_for_all=approval)
