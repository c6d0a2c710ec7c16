"""Patient pages: my programme (today's session), the safety gate, the printable sheet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from spinewise.accounts.signed_in import SignedInRequest
from spinewise.clinical import ProgrammeStart
from spinewise.errors import NotFound, Refused
from spinewise.programmes import services
from spinewise.programmes.forms import SafetyForm
from spinewise.programmes.models import Programme
from spinewise.programmes.today import planned, today_for
from spinewise.web.client import client_address
from spinewise.web.context_processors import clinic_contact


@login_required
def my_programme(request: SignedInRequest) -> HttpResponse:
    user = request.user
    programme = services.current_programme(user)
    if programme is None:
        assessment = services.latest_assessment(user)
        if assessment is None:
            return render(request, "programmes/no_assessment.html")
        if assessment.programme_start == ProgrammeStart.BLOCKED:
            return render(request, "programmes/blocked.html", {"assessment": assessment})
        return redirect("programmes:safety")
    if services.current_acknowledgement(user) is None:
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
def safety(request: SignedInRequest) -> HttpResponse:
    form = SafetyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_safety_advice(
                by=request.user, address=client_address(request), make_plan=True
            )
        except NotFound:
            pass  # no check taken yet: "my programme" says what to do first
        except Refused as refused:
            context = {"form": form, "refused": refused.message}
            return render(request, "programmes/safety.html", context, status=409)
        return redirect("programmes:mine")
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "programmes/safety.html", {"form": form}, status=status)


@login_required
def sheet(request: SignedInRequest) -> HttpResponse:
    programme = services.current_programme(request.user)
    if programme is None or programme.status != Programme.Status.ACTIVE:
        return redirect("programmes:mine")
    today = today_for(programme, timezone.localdate())
    items = [planned(item) for item in programme.items.select_related("exercise")]
    return render(
        request, "programmes/sheet.html", {"programme": programme, "today": today, "items": items}
    )
