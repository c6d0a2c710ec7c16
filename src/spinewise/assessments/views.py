"""The public assessment: one short section per screen, answers kept in the session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from spinewise.accounts.clinics import site_clinic
from spinewise.assessments import browser, questionnaire, services
from spinewise.assessments.forms import answers_from, section_form
from spinewise.errors import InvalidInput, TooManyRequests
from spinewise.web.client import client_address

DRAFT_KEY = "assessment_draft"


def _draft(request: HttpRequest) -> dict[str, Any]:
    return dict(request.session.get(DRAFT_KEY, {}))


def _save_draft(request: HttpRequest, answers: dict[str, Any]) -> None:
    request.session[DRAFT_KEY] = answers


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/start.html", {"questionnaire": questionnaire.load()})


def step(request: HttpRequest, number: int) -> HttpResponse:
    survey = questionnaire.load()
    if not 1 <= number <= len(survey.sections):
        return redirect("assessments:step", number=1)
    section = survey.section(number - 1)
    answers = _draft(request)
    if request.method != "POST":
        form = section_form(section, initial=answers)
        return _render_step(request, survey, number, form)

    form = section_form(section, data=request.POST)
    valid = form.is_valid()
    # Keep every valid answer on this screen, even when another one needs fixing.
    answers = {k: v for k, v in answers.items() if k not in form.fields}
    answers.update(answers_from(form))
    _save_draft(request, answers)
    if request.POST.get("action") == "back":
        return redirect("assessments:step", number=max(1, number - 1))

    clinic = site_clinic()
    # An emergency "yes" shows what to do at once, even if a question beside it is blank.
    early = services.create_early_emergency(answers, clinic, address=client_address(request))
    if early is not None:
        return _finish(request, early)
    if not valid:
        return _render_step(request, survey, number, form, status=422)
    if number < len(survey.sections):
        return redirect("assessments:step", number=number + 1)
    return _complete(request, survey, answers, clinic)


def _complete(
    request: HttpRequest, survey: questionnaire.Questionnaire, answers: dict[str, Any], clinic: Any
) -> HttpResponse:
    try:
        assessment = services.create_assessment(answers, clinic, address=client_address(request))
    except InvalidInput as error:
        # Should not happen after per-screen checks; send the person to the first bad screen.
        first_bad = {e["field"] for e in error.errors or []}
        for index, section in enumerate(survey.sections, start=1):
            if first_bad & {item.code for item in section.items}:
                form = section_form(section, initial=answers)
                form.is_bound = False
                return _render_step(request, survey, index, form, status=422, problems=error.errors)
        raise
    except TooManyRequests as limited:
        # The draft stays in the session, so the person can come back and send it later.
        context = {
            "message": limited.message,
            "answers_url": reverse("assessments:step", kwargs={"number": len(survey.sections)}),
        }
        return render(request, "assessments/limited.html", context, status=429)
    return _finish(request, assessment)


def _finish(request: HttpRequest, assessment: Any) -> HttpResponse:
    request.session.pop(DRAFT_KEY, None)
    browser.remember(request, assessment)
    return redirect("assessments:result", public_id=assessment.public_id)


def _render_step(
    request: HttpRequest,
    survey: questionnaire.Questionnaire,
    number: int,
    form: Any,
    *,
    status: int = 200,
    problems: list[dict[str, str]] | None = None,
) -> HttpResponse:
    section = survey.section(number - 1)
    context = {
        "survey": survey,
        "section": section,
        "number": number,
        "total": len(survey.sections),
        "form": form,
        "items": {item.code: item for item in section.items},
        "problems": problems or [],
        "is_last": number == len(survey.sections),
        "action": reverse("assessments:step", kwargs={"number": number}),
    }
    return render(request, "assessments/step.html", context, status=status)


def result(request: HttpRequest, public_id: str) -> HttpResponse:
    taken_here = browser.taken_here(request)
    assessment = services.open_result(
        public_id, by=request.user, taken_here=taken_here, address=client_address(request)
    )
    person = assessment.patient
    return render(
        request,
        "assessments/result.html",
        {
            "assessment": assessment,
            "result": assessment.result,
            "is_owner": services.taken_by_viewer(
                assessment, by=request.user, taken_here=taken_here
            ),
            # Shown to the clinic's team; a result shared by a call request has no account.
            "taker": (person.full_name or person.email) if person else "the person",
        },
    )
