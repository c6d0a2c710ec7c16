"""Plain-language next steps and reasons for each result. Never a diagnosis."""

from __future__ import annotations

from spinewise.clinical.codes import Level, RedFlag, RiskGroup, Triage
from spinewise.clinical.disability import Disability
from spinewise.clinical.risk import Risk

STEP_TEXT = {
    "go_to_emergency_department": "Go to an emergency department now.",
    "call_emergency_number": "If you cannot get there safely, call the emergency number.",
    "do_not_exercise": "Do not start or continue any exercise plan until a doctor has seen you.",
    "call_the_clinic": "You can also call the clinic, but in an emergency call for help first.",
    "see_a_doctor_today": "See a doctor today, or within 24 hours at the latest.",
    "call_clinic_now": "If you would like to talk it through, call the clinic now.",
    "request_a_call": "Ask the clinic to call you back.",
    "clinician_review_first": (
        "A clinician will check your plan before you start the full programme."
    ),
    "gentle_starter": "Meanwhile: short, comfortable walks, slow breathing and gentle movement.",
    "start_programme": "Start your guided exercise programme. It begins gently and builds up.",
    "plan_checked_first": (
        "Set up your exercise programme. A clinician will look over it before it starts."
    ),
    "consult_a_professional": (
        "Talk to a doctor or physiotherapist before you start a new exercise plan."
    ),
}
STEPS_BY_TRIAGE = {
    Triage.EMERGENCY: (
        "go_to_emergency_department",
        "call_emergency_number",
        "do_not_exercise",
        "call_the_clinic",
    ),
    # §2 urgent: "call-now and request-a-call shown", each with its own code.
    Triage.URGENT: ("see_a_doctor_today", "do_not_exercise", "call_clinic_now", "request_a_call"),
    Triage.REVIEW: (
        "clinician_review_first",
        "gentle_starter",
        "request_a_call",
        "consult_a_professional",
    ),
    Triage.SELF_CARE: ("start_programme", "consult_a_professional"),
}
LEVEL_WORDS = {
    Level.EMERGENCY: "needs checking by a doctor straight away",
    Level.URGENT: "needs checking by a doctor today",
    Level.REVIEW: "means a clinician should check your plan first",
}
GROUP_WORDS = {
    RiskGroup.LOW: (
        "Your answers suggest a low risk of your back pain hanging on. Guided exercise you do "
        "yourself usually works well."
    ),
    RiskGroup.MEDIUM: (
        "Your answers suggest a medium risk of your back pain hanging on. Exercise with "
        "support from a physiotherapist usually works best."
    ),
    RiskGroup.HIGH: (
        "Your answers suggest your pain is affecting your life and your worries a lot. A plan "
        "that builds up slowly, with extra support, usually works best."
    ),
}


def next_steps(tier: Triage, *, plan_checked_first: bool = False) -> list[dict[str, str]]:
    """The steps for this tier. `plan_checked_first`: a self-care plan still waits for a
    clinician (high risk, docs/clinical-rules.md §3, or a clinic that approves every plan,
    §2), so we do not tell the person to start straight away."""
    codes = STEPS_BY_TRIAGE[tier]
    if plan_checked_first:
        codes = tuple("plan_checked_first" if c == "start_programme" else c for c in codes)
    return [{"code": code, "text": STEP_TEXT[code]} for code in codes]


def reasons(
    tier: Triage, flags: list[RedFlag], risk: Risk | None, disability: Disability | None
) -> list[str]:
    found = [f"You told us about {flag.meaning}. This {LEVEL_WORDS[flag.level]}." for flag in flags]
    if tier is Triage.SELF_CARE:
        found.append("None of your answers suggest a problem that needs urgent checking.")
    # The risk group is about how exercise should be supported, so it is only given where
    # exercise is on offer: never beside "do not exercise" (emergency, urgent).
    offers_exercise = tier in (Triage.SELF_CARE, Triage.REVIEW)
    if offers_exercise and risk is not None and risk.group in GROUP_WORDS:
        found.append(GROUP_WORDS[risk.group])
    if disability is not None and disability.score_pct is not None:
        found.append(
            f"Your back affects your daily life by about {disability.score_pct:g}% on our "
            "daily-life questions."
        )
    return found
