"""Demo assessments: one of each triage tier, the self-care and review ones claimed."""

from __future__ import annotations

from typing import Any

from spinewise import clinical
from spinewise.accounts.demo import DemoPeople
from spinewise.assessments import services
from spinewise.assessments.models import Assessment


def answers(
    *, flags: tuple[str, ...] = (), sb_yes: int = 2, odi: int = 1, **items: Any
) -> dict[str, Any]:
    base: dict[str, Any] = {
        "age": 44,
        "pain_now": 5,
        "pain_worst_week": 7,
        "duration": "6_12w",
        "first_episode": False,
        "leg_symptoms": "none",
        "worse_with": ["bending_forward", "sitting"],
        "better_with": ["walking", "standing"],
        "sb_bothersomeness": "moderately",
    }
    base.update({code: code in flags for code in clinical.RED_FLAG_CODES})
    base.update({code: index < sb_yes for index, code in enumerate(clinical.STARTBACK_YES_NO)})
    base.update({code: odi for code in clinical.ODI_CODES})
    base.update(items)
    return base


# (who claims it: index into people.patients or None, answers)
EXAMPLES: list[tuple[int | None, dict[str, Any]]] = [
    (0, answers()),  # self-care, extension preference
    (1, answers(pain_now=6, sb_yes=7, odi=3, sb_bothersomeness="very_much")),  # high risk
    (2, answers(age=63, first_episode=True, leg_symptoms="below_knee", leg_numbness_tingling=True)),
    (3, answers(flags=("pregnant",), age=31, pain_now=4)),  # review: pregnancy
    (4, answers(flags=("rf_recent_spinal_surgery",), odi=2)),  # review: recent surgery
    (None, answers(flags=("rf_fever", "rf_infection_risk"))),  # urgent
    (None, answers(flags=("rf_bladder_change",), pain_now=8)),  # emergency
]


def load(people: DemoPeople) -> None:
    if Assessment.objects.filter(clinic=people.clinic).exists():
        return
    for claimer, example in EXAMPLES:
        patient = people.patients[claimer] if claimer is not None else None
        assessment = services.create_assessment(
            example, people.clinic, address=None, patient=patient
        )
        if patient is None and assessment.triage == clinical.Triage.URGENT:
            # The urgent person asked for a call, which shares the result with the clinic.
            Assessment.objects.filter(pk=assessment.pk).update(shared_with_clinic=True)
