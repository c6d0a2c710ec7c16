"""Clinician pages: plans to review, review and approve, pause and resume, change an exercise,
new patient. Each parses its form, calls one service in `programmes.review` and renders."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from spinewise.accounts.signed_in import SignedInRequest
from spinewise.errors import InvalidInput, Refused
from spinewise.exercises.dose import dose_words
from spinewise.programmes import review as services
from spinewise.programmes.forms import (
    ApprovalForm,
    ItemForm,
    NewPatientForm,
    PauseForm,
    ResumeForm,
)
from spinewise.programmes.models import Programme
from spinewise.web.client import client_address
from spinewise.web.errors import show_on_form


@login_required
def review_list(request: SignedInRequest) -> HttpResponse:
    programmes = services.plans_to_review(request.user).order_by("status", "-created_at")[:200]
    return render(request, "programmes/clinic_list.html", {"programmes": programmes})


@login_required
def review(request: SignedInRequest, programme_id: int) -> HttpResponse:
    address = client_address(request)
    form = ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_programme(
                programme_id, by=request.user, note=form.cleaned_data["note"], address=address
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, "Plan approved. The patient can start today.")
        return redirect("programmes:review", programme_id=programme_id)
    programme = services.open_for_review(programme_id, by=request.user, address=address)
    status = 422 if form.is_bound and form.errors else 200
    return _review_page(request, programme, approval_form=form, status=status)


def _review_page(
    request: SignedInRequest,
    programme: Programme,
    *,
    approval_form: ApprovalForm | None = None,
    pause_form: PauseForm | None = None,
    resume_form: ResumeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = [
        (item, dose_words(item.exercise.dose["kind"], item.exercise.dose["ladder"][item.rung]))
        for item in programme.items.select_related("exercise")
    ]
    context = {
        "programme": programme,
        "items": items,
        "form": approval_form or ApprovalForm(),
        "pause_form": pause_form or PauseForm(),
        "resume_form": resume_form or ResumeForm(),
    }
    return render(request, "programmes/clinic_review.html", context, status=status)


@login_required
@require_POST
def pause(request: SignedInRequest, programme_id: int) -> HttpResponse:
    """Pause from the review page; bad input shows the page again with what was typed."""
    done = "Plan paused. The patient is asked not to carry on until you speak."
    form = PauseForm(request.POST)
    return _change_status(request, programme_id, form, services.pause_programme, "reason", done)


@login_required
@require_POST
def resume(request: SignedInRequest, programme_id: int) -> HttpResponse:
    done = "Plan resumed. The patient can carry on from today."
    form = ResumeForm(request.POST)
    return _change_status(request, programme_id, form, services.resume_programme, "note", done)


def _change_status(
    request: SignedInRequest,
    programme_id: int,
    form: PauseForm | ResumeForm,
    change: Callable[..., Programme],
    field: str,
    done: str,
) -> HttpResponse:
    """Pause or resume: `field` is the form's text, passed to the service by that name."""
    if form.is_valid():
        try:
            text = form.cleaned_data[field]
            change(programme_id, by=request.user, address=client_address(request), **{field: text})
        except InvalidInput as invalid:
            show_on_form(form, invalid)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("programmes:review", programme_id=programme_id)
        else:
            messages.success(request, done)
            return redirect("programmes:review", programme_id=programme_id)
    programme = services.open_for_review(
        programme_id, by=request.user, address=client_address(request)
    )
    if isinstance(form, PauseForm):
        return _review_page(request, programme, pause_form=form, status=422)
    return _review_page(request, programme, resume_form=form, status=422)


@login_required
def edit_item(request: SignedInRequest, programme_id: int, item_id: int) -> HttpResponse:
    item = services.item_for_change(programme_id, item_id, by=request.user)
    exercise_choices = [(e.slug, e.name) for e in services.swap_options(item)]
    ladder = item.exercise.dose["ladder"]
    step_choices = [
        (index, f"Step {index + 1}: {dose_words(item.exercise.dose['kind'], rung)}")
        for index, rung in enumerate(ladder)
    ]
    form = ItemForm(
        request.POST or None,
        initial={"exercise": item.exercise.slug, "step": item.rung},
        exercise_choices=exercise_choices,
        step_choices=step_choices,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_item(
                programme_id,
                item_id,
                by=request.user,
                exercise=form.cleaned_data["exercise"],
                rung=form.cleaned_data["step"],  # the form's values are rungs (0-based)
                address=client_address(request),
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, "Exercise updated.")
            return redirect("programmes:review", programme_id=programme_id)
    context = {"programme": item.programme, "item": item, "form": form}
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "programmes/clinic_item.html", context, status=status)


@login_required
def new_patient(request: SignedInRequest) -> HttpResponse:
    services.require_clinician(request.user)
    form = NewPatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.invite_patient(
                by=request.user,
                email=data["email"],
                full_name=data["full_name"],
                pain_now=data["pain_now"],
                odi_pct=data["odi_pct"],
                directional_preference=data["directional_preference"],
                care_pathway=data["care_pathway"],
                contraindications=data["contraindications"],
                address=client_address(request),
            )
        except InvalidInput as invalid:
            show_on_form(form, invalid)
        else:
            patient = programme.patient
            messages.success(request, f"{patient} has been invited by email. Their plan is ready.")
            return redirect("programmes:review", programme_id=programme.pk)
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "programmes/clinic_new_patient.html", {"form": form}, status=status)
