"""Creating patient accounts: from an assessment result, or by a clinician."""

from __future__ import annotations

from django.db import transaction

from spinewise.accounts.models import Clinic, Membership, Role, User


class EmailTaken(Exception):
    pass


@transaction.atomic
def register_patient(clinic: Clinic, *, email: str, full_name: str, password: str | None) -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise EmailTaken(email)
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    Membership.objects.create(user=user, clinic=clinic, role=Role.PATIENT)
    return user
