"""Demo people for the demo clinic. Idempotent: running it again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from spinewise.accounts.clinics import site_clinic
from spinewise.accounts.models import Clinic, Membership, Role, User

DEMO_PASSWORD = "spinewise-demo"

TEAM = [
    ("clinician@demo.spinewise.test", "Dr Maya Patel", Role.CLINICIAN),
    ("staff@demo.spinewise.test", "Sam Okafor", Role.STAFF),
    ("admin@demo.spinewise.test", "Alex Morgan", Role.CLINIC_ADMIN),
]
PATIENTS = [
    ("patient@demo.spinewise.test", "Pat Reynolds"),
    ("joan@demo.spinewise.test", "Joan Whitaker"),
    ("derek@demo.spinewise.test", "Derek Hughes"),
    ("amira@demo.spinewise.test", "Amira Khan"),
    ("tom@demo.spinewise.test", "Tom Byrne"),
]


@dataclass
class DemoPeople:
    clinic: Clinic
    team: dict[str, User] = field(default_factory=dict)
    patients: list[User] = field(default_factory=list)


def _person(email: str, name: str, clinic: Clinic, role: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.CLINIC_ADMIN  # clinic admins use the admin pages
        user.save()
    Membership.objects.get_or_create(user=user, clinic=clinic, role=role)
    return user


# At the second clinic: signing in as them shows none of the demo clinic's patients.
OTHER_CLINICIAN = ("clinician@riverside.spinewise.test", "Dr Lee Chen")


def load_people() -> DemoPeople:
    clinic = site_clinic()
    people = DemoPeople(clinic=clinic)
    for email, name, role in TEAM:
        people.team[role] = _person(email, name, clinic, role)
    for email, name in PATIENTS:
        people.patients.append(_person(email, name, clinic, Role.PATIENT))
    # A second clinic shows that clinics never see each other's patients.
    other, _ = Clinic.objects.get_or_create(
        slug="riverside",
        defaults={
            "name": "Riverside Spine Clinic",
            "phone": "+44 161 496 0000",
            "opening_hours": "Mon-Fri 09:00-17:00",
        },
    )
    _person(*OTHER_CLINICIAN, other, Role.CLINICIAN)
    return people
