"""Creating patient accounts: from an assessment result, or by a clinician."""

from __future__ import annotations

from django.db import transaction

from spinewise.accounts.models import Clinic, Membership, Role, User
from spinewise.errors import InvalidInput

EMAIL_TAKEN = "There is already an account with this email."


@transaction.atomic
def register_patient(clinic: Clinic, *, email: str, full_name: str, password: str | None) -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise InvalidInput.on("email", EMAIL_TAKEN)
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    Membership.objects.create(user=user, clinic=clinic, role=Role.PATIENT)
    return user
