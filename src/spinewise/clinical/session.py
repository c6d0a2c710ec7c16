"""How a session went: the pain-monitoring model.

docs/clinical-rules.md §6; Silbernagel et al. 2007.
"""

from __future__ import annotations

from collections.abc import Mapping

from spinewise.clinical.codes import RED_FLAG_CODES, SessionLegSymptoms, SessionResponse
from spinewise.clinical.errors import ValidationError
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds

SESSION_FIELDS = frozenset(
    {
        "pain_before",
        "pain_during_max",
        "pain_after",
        "next_morning_pain",
        "leg_symptoms",
        "felt_off",
        "new_symptoms",
    }
)


def _pain(
    session: Mapping[str, object], code: str, errors: list[dict[str, str]], *, required: bool
) -> int | None:
    value = session.get(code)
    if value is None:
        if required:
            errors.append(
                {"field": code, "message": "This is required: a whole number from 0 to 10."}
            )
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        errors.append({"field": code, "message": "This must be a whole number from 0 to 10."})
        return None
    return value


def session_response(
    session: Mapping[str, object], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> str:
    """ "stop", "too_much" or "acceptable" for one logged session; ValidationError if bad."""
    if not isinstance(session, Mapping):
        raise ValidationError([{"field": "session", "message": "A session must be named values."}])
    errors: list[dict[str, str]] = []
    for code in session:
        if code not in SESSION_FIELDS:
            errors.append({"field": str(code), "message": "This is not part of a session log."})
    before = _pain(session, "pain_before", errors, required=True)
    during = _pain(session, "pain_during_max", errors, required=False)
    after = _pain(session, "pain_after", errors, required=True)
    morning = _pain(session, "next_morning_pain", errors, required=False)
    leg = session.get("leg_symptoms")
    if leg is not None and (
        not isinstance(leg, str) or leg not in {s.value for s in SessionLegSymptoms}
    ):
        errors.append(
            {
                "field": "leg_symptoms",
                "message": f"This must be one of: {', '.join(SessionLegSymptoms)}.",
            }
        )
    # Safety answers are never assumed (docs/clinical-rules.md §1): both must be given,
    # even as "no".
    felt_off = session.get("felt_off")
    if not isinstance(felt_off, bool):
        errors.append({"field": "felt_off", "message": "Please answer yes or no (true or false)."})
    new = session.get("new_symptoms")
    if new is None:
        errors.append(
            {
                "field": "new_symptoms",
                "message": "This is required: a list of red-flag codes, or an empty list for none.",
            }
        )
    elif not isinstance(new, list | tuple) or not all(
        isinstance(code, str) and code in RED_FLAG_CODES for code in new
    ):
        errors.append(
            {"field": "new_symptoms", "message": "This must be a list of red-flag codes."}
        )
    if errors:
        raise ValidationError(errors)
    assert before is not None and after is not None  # checked above
    peak = max(during if during is not None else after, after)
    if felt_off or new or peak >= thresholds.stop_peak or leg == SessionLegSymptoms.SPREADING:
        return SessionResponse.STOP.value
    if (peak > thresholds.too_much_peak_above and peak > before) or (
        morning is not None and morning >= before + thresholds.next_morning_rise
    ):
        return SessionResponse.TOO_MUCH.value
    return SessionResponse.ACCEPTABLE.value
