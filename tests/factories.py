"""Factories for the test suite: real rows in a real database."""

from __future__ import annotations

from typing import Any

import factory
from factory.declarations import PostGenerationMethodCall, Sequence
from factory.faker import Faker

from spinewise.accounts.models import Clinic, Membership, Role, User

PASSWORD = "correct-horse-battery"


class ClinicFactory(factory.django.DjangoModelFactory[Clinic]):
    class Meta:
        model = Clinic

    name = Sequence(lambda n: f"Clinic {n}")
    slug = Sequence(lambda n: f"clinic-{n}")
    phone = "+44 20 7946 0123"
    email = "inbox@clinic.example"
    opening_hours = "Mon-Fri 08:00-18:00"
    time_zone = "Europe/London"
    country = "GB"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = Sequence(lambda n: f"person{n}@example.org")
    full_name = Faker("name")
    password = PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(
        cls, instance: User, create: bool, results: dict[str, Any] | None = None
    ) -> None:
        if create:
            instance.save()


def member(role: str, clinic: Clinic | None = None, **user_fields: object) -> User:
    user = UserFactory.create(**user_fields)
    Membership.objects.create(user=user, clinic=clinic or ClinicFactory.create(), role=role)
    return user


def patient(clinic: Clinic | None = None, **fields: object) -> User:
    return member(Role.PATIENT, clinic, **fields)


def clinician(clinic: Clinic | None = None, **fields: object) -> User:
    return member(Role.CLINICIAN, clinic, **fields)


def staff(clinic: Clinic | None = None, **fields: object) -> User:
    return member(Role.STAFF, clinic, **fields)


def clinic_admin(clinic: Clinic | None = None, **fields: object) -> User:
    return member(Role.CLINIC_ADMIN, clinic, is_staff=True, **fields)
