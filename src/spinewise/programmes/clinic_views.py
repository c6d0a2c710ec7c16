"""Clinician pages: plans to review, review and approve, pause and resume, change an exercise,
new patient."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from spinewise import clinical
from spinewise.accounts.access import clinics_where, is_clinician
from spinewise.accounts.models import CLINICAL_ROLES, User
from spinewise.accounts.patients import register_patient
from spinewise.audit.models import Action
from spinewise.audit.services import record
from spinewise.exercises.dose import dose_words
from spinewise.programmes import services
from spinewise.programmes.forms import (
    ApprovalForm,
    ItemForm,
    NewPatientForm,
    PauseForm,
    ResumeForm,
)
from spinewise.programmes.invites import send_invite
from spinewise.programmes.models import Programme


def _require_clinician(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not is_clinician(user):
        raise Http404("Not found.")
    return user


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    user = _require_clinician(request)
    programmes = (
        services.programmes_visible_to(user)
        .exclude(patient=user)
        .order_by("status", "-created_at")[:200]
    )
    return render(request, "programmes/clinic_list.html", {"programmes": programmes})


@login_required
def review(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = _require_clinician(request)
    programme = services.get_programme_for_review(user, programme_id)
    record(request, Action.VIEW, programme, patient=programme.patient, clinic=programme.clinic)
    form = ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approve(programme, user, form.cleaned_data["note"], http_request=request)
        except services.ProgrammeRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, "Plan approved. The patient can start today.")
        return redirect("programmes:review", programme_id=programme.pk)
    status = 422 if form.is_bound and form.errors else 200
    return _review_page(request, programme, approval_form=form, status=status)


def _review_page(
    request: HttpRequest,
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
def pause(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Pause from the review page; bad input shows the page again with what was typed."""
    return _change_status(
        request,
        programme_id,
        PauseForm(request.POST),
        field="reason",
        change=services.pause,
        done="Plan paused. The patient is asked not to carry on until you speak.",
    )


@login_required
@require_POST
def resume(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _change_status(
        request,
        programme_id,
        ResumeForm(request.POST),
        field="note",
        change=services.resume,
        done="Plan resumed. The patient can carry on from today.",
    )


def _change_status(
    request: HttpRequest,
    programme_id: int,
    form: PauseForm | ResumeForm,
    *,
    field: str,
    change: Callable[..., Programme],
    done: str,
) -> HttpResponse:
    user = _require_clinician(request)
    programme = services.get_programme_for_review(user, programme_id)
    if form.is_valid():
        try:
            change(programme, user, form.cleaned_data[field], http_request=request)
        except services.ProgrammeInvalid as invalid:
            form.add_error(field, invalid.message)
        except services.ProgrammeRefused as refused:
            messages.error(request, refused.message)
            return redirect("programmes:review", programme_id=programme.pk)
        else:
            messages.success(request, done)
            return redirect("programmes:review", programme_id=programme.pk)
    record(request, Action.VIEW, programme, patient=programme.patient, clinic=programme.clinic)
    if isinstance(form, PauseForm):
        return _review_page(request, programme, pause_form=form, status=422)
    return _review_page(request, programme, resume_form=form, status=422)


@login_required
def edit_item(request: HttpRequest, programme_id: int, item_id: int) -> HttpResponse:
    user = _require_clinician(request)
    programme = services.get_programme_for_review(user, programme_id)
    item = get_object_or_404(programme.items.select_related("exercise"), pk=item_id)
    same_kind = services.swap_options(item)
    exercise_choices = [(e.slug, e.name) for e in same_kind]
    ladder = item.exercise.dose["ladder"]
    step_choices = [
        (index, f"Step {index + 1}: {dose_words(item.exercise.dose['kind'], rung)}")
        for index, rung in enumerate(ladder)
    ]
    initial = {"exercise": item.exercise.slug, "step": item.rung}
    form = ItemForm(
        request.POST or None,
        initial=initial,
        exercise_choices=exercise_choices,
        step_choices=step_choices,
    )
    if request.method == "POST" and form.is_valid():
        chosen = same_kind.get(slug=form.cleaned_data["exercise"])
        swapped = chosen.pk != item.exercise_id
        services.change_item(
            item, exercise=chosen if swapped else None, rung=form.cleaned_data["step"]
        )
        record(request, Action.UPDATE, item, patient=programme.patient, clinic=programme.clinic)
        messages.success(request, "Exercise updated.")
        return redirect("programmes:review", programme_id=programme.pk)
    context = {"programme": programme, "item": item, "form": form}
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "programmes/clinic_item.html", context, status=status)


@login_required
def new_patient(request: HttpRequest) -> HttpResponse:
    user = _require_clinician(request)
    clinic = clinics_where(user, tuple(CLINICAL_ROLES)).first()
    form = NewPatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and clinic is not None:
        data = form.cleaned_data
        profile = clinical.PatientProfile(
            pain_now=data["pain_now"],
            odi_pct=data["odi_pct"],
            pain_pattern="back_only",
            directional_preference=data["directional_preference"],
            care_pathway=data["care_pathway"],
            contraindications=frozenset(data["contraindications"]),
        )
        with transaction.atomic():
            patient = register_patient(
                clinic, email=data["email"], full_name=data["full_name"], password=None
            )
            programme = services.create_by_clinician(patient, clinic, profile, user)
            record(request, Action.CREATE, programme, patient=patient, clinic=clinic)
        send_invite(patient, clinic, settings.SITE_URL)
        messages.success(request, f"{patient} has been invited by email. Their plan is ready.")
        return redirect("programmes:review", programme_id=programme.pk)
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "programmes/clinic_new_patient.html", {"form": form}, status=status)
