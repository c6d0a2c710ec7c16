"""POST /api/v1/assessments — public, no account (docs/api.md)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, JsonResponse
from ninja import Router, Schema
from pydantic import Field

from spinewise import clinical
from spinewise.api.schemas import ErrorOut, InputSchema, Message
from spinewise.assessments import services
from spinewise.web.client import client_address

router = Router(tags=["assessments"])
JSON = "application/json; charset=utf-8"


class AssessmentIn(InputSchema):
    answers: dict[str, Any] = Field(
        description=(
            "Answers keyed by the item codes of the clinical rules (docs/clinical-rules.md §1–4)."
        ),
        examples=[
            {
                "age": 42,
                "pain_now": 5,
                "duration": "lt_6w",
                "leg_symptoms": "none",
                **dict.fromkeys(clinical.REQUIRED_RED_FLAG_CODES, False),
            }
        ],
    )
    clinic: str | None = Field(None, description="Clinic short name; default the site's clinic.")


class RedFlagOut(Schema):
    code: str
    condition: str
    level: Literal["emergency", "urgent", "review"]


class RiskOut(Schema):
    total: int | None
    psychosocial: int | None
    group: Literal["low", "medium", "high", "incomplete"]
    care_pathway: str | None


class DisabilityOut(Schema):
    score_pct: float | None
    band: str
    answered: int


class PatternOut(Schema):
    pain_pattern: Literal["back_only", "referred_leg", "radicular"]
    directional_preference: Literal["extension", "flexion", "none"]


class StepOut(Schema):
    code: str
    text: str


class AssessmentOut(Schema):
    id: str
    triage: Literal["emergency", "urgent", "review", "self_care"]
    programme_start: Literal["blocked", "needs_approval", "allowed"]
    red_flags: list[RedFlagOut]
    risk: RiskOut
    disability: DisabilityOut
    pattern: PatternOut
    next_steps: list[StepOut]
    reasons: list[str]


@router.post(
    "",
    response={201: AssessmentOut, 400: ErrorOut, 422: ErrorOut, 429: Message},
    summary="Take the back-pain assessment",
    auth=None,
)
def create_assessment(request: HttpRequest, payload: AssessmentIn) -> JsonResponse:
    assessment = services.create_assessment(
        payload.answers, payload.clinic, address=client_address(request)
    )
    # The result comes from the typed clinical core (AssessmentResult.to_dict), and the
    # contract tests check its shape, so it is sent as it is: validating it again against
    # AssessmentOut was an eighth of the endpoint's time (bench/RESULTS.md). The schema
    # above still documents it in the OpenAPI description.
    return JsonResponse(
        {"id": assessment.public_id, **assessment.result},
        status=201,
        content_type=JSON,  # as django-ninja sends every other answer
    )
