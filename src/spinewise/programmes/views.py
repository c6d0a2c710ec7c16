"""Patient pages: my programme (today's session), the safety gate, the printable sheet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from spinewise.audit.models import Action
from spinewise.audit.services import record
from spinewise.programmes import services
from spinewise.programmes.forms import SafetyForm
from spinewise.programmes.models import Programme
from spinewise.programmes.today import planned, today_for
from spinewise.web.context_processors import clinic_contact


@login_required
def my_programme(request: HttpRequest) -> HttpResponse:
    user = request.user
    programme = services.current_programme(user)  # type: ignore[arg-type]
    if programme is None:
        assessment = services.latest_assessment(user)  # type: ignore[arg-type]
        if assessment is None:
            return render(request, "programmes/no_assessment.html")
        if assessment.programme_start == "blocked":
            return render(request, "programmes/blocked.html", {"assessment": assessment})
        return redirect("programmes:safety")
    if services.current_acknowledgement(user) is None:  # type: ignore[arg-type]
        return redirect("programmes:safety")
    if programme.status == Programme.Status.AWAITING_APPROVAL:
        return render(request, "programmes/waiting.html", {"programme": programme})
    if programme.status == Programme.Status.PAUSED:
        # Call-now for the patient's own clinic, the one that paused the plan.
        context = {"programme": programme, **clinic_contact(programme.clinic)}
        return render(request, "programmes/paused.html", context)
    today = today_for(programme, timezone.localdate())
    return render(request, "programmes/today.html", {"programme": programme, "today": today})


@login_required
def safety(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = SafetyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = services.current_programme(user)  # type: ignore[arg-type]
        clinic = programme.clinic if programme else None
        assessment = services.latest_assessment(user)  # type: ignore[arg-type]
        if clinic is None and assessment is not None:
            clinic = assessment.clinic
        if clinic is None:
            return redirect("programmes:mine")
        acknowledgement = services.acknowledge_safety(user, clinic)  # type: ignore[arg-type]
        record(request, Action.CREATE, acknowledgement, patient=user, clinic=clinic)
        if programme is not None:
            services.start_after_acknowledgement(programme, acknowledgement)
        elif assessment is not None:
            try:
                created = services.create_from_assessment(user, assessment)  # type: ignore[arg-type]
                record(request, Action.CREATE, created, patient=user, clinic=clinic)
            except services.ProgrammeRefused as refused:
                return render(
                    request,
                    "programmes/safety.html",
                    {"form": form, "refused": refused.message},
                    status=409,
                )
        return redirect("programmes:mine")
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "programmes/safety.html", {"form": form}, status=status)


@login_required
def sheet(request: HttpRequest) -> HttpResponse:
    programme = services.current_programme(request.user)  # type: ignore[arg-type]
    if programme is None or programme.status != Programme.Status.ACTIVE:
        return redirect("programmes:mine")
    today = today_for(programme, timezone.localdate())
    items = [planned(item) for item in programme.items.select_related("exercise")]
    return render(
        request, "programmes/sheet.html", {"programme": programme, "today": today, "items": items}
    )
