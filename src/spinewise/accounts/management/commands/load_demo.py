from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from spinewise.accounts.demo import DEMO_PASSWORD, OTHER_CLINICIAN, PATIENTS, TEAM, load_people
from spinewise.assessments import demo as assessments_demo
from spinewise.consultations import demo as consultations_demo
from spinewise.exercises import demo as exercises_demo
from spinewise.programmes import demo as programmes_demo
from spinewise.programmes.models import Programme

# Order matters: exercises before programmes, assessments before consultations.
DEMO_LOADERS = (
    exercises_demo.load,
    assessments_demo.load,
    programmes_demo.load,
    consultations_demo.load,
)


class Command(BaseCommand):
    help = "Create the demo clinic with its team and patients (safe to run more than once)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            people = load_people()
            for load in DEMO_LOADERS:
                load(people)
        self.stdout.write(self.style.SUCCESS(f"Demo clinic ready: {people.clinic.name}"))
        self.stdout.write(f"Every demo account uses the password: {DEMO_PASSWORD}")
        for email, name, role in TEAM:
            self.stdout.write(f"  {role.label:<18} {email}  ({name})")
        for email, name in PATIENTS:
            self.stdout.write(f"  {'Patient':<18} {email}  ({name}{_plan_state(email)})")
        email, name = OTHER_CLINICIAN
        self.stdout.write(
            f"  {'Other clinic':<18} {email}  ({name}, Riverside: sees none of these)"
        )


def _plan_state(email: str) -> str:
    """What the demo patient will see, so each state is easy to try."""
    programme = Programme.objects.filter(patient__email=email).order_by("-created_at").first()
    return f"; plan {programme.get_status_display().lower()}" if programme else "; no plan yet"
