"""The site's clinic is kept per process only once it exists for every other thread: a
clinic created inside a transaction that has not committed is not handed out."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction

from spinewise.accounts import clinics
from spinewise.accounts.models import Clinic


@pytest.mark.django_db(transaction=True)
def test_a_site_clinic_created_in_an_open_transaction_is_kept_only_after_commit() -> None:
    Clinic.objects.filter(slug=settings.CLINIC_SLUG).delete()  # a migration made one
    clinics.forget_site_clinic()
    with transaction.atomic():
        created = clinics.site_clinic()
        assert clinics._kept is None
    assert clinics._kept is not None and clinics._kept[1] == created


@pytest.mark.django_db(transaction=True)
def test_a_site_clinic_that_was_read_is_kept_at_once() -> None:
    clinics.site_clinic()  # made and committed
    clinics.forget_site_clinic()
    with transaction.atomic():
        clinics.site_clinic()
        assert clinics._kept is not None
