"""Pages: the public call request and its confirmation; the staff queue and request page.

Thin: the checks and the work are in services.py (public) and queue.py (staff).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from spinewise.accounts.access import is_clinician
from spinewise.accounts.models import User
from spinewise.audit.models import Action
from spinewise.audit.services import record
from spinewise.consultations import phone, queue, services, targets
from spinewise.consultations.forms import ACTION_FORMS, AssignForm, RequestForm, error_summary
from spinewise.consultations.models import ConsultationRequest, Status, Urgency
from spinewise.web.throttle import RateLimited, client_hash

SENT_KEY = "consultation_sent"  # the request this browser just made, for the thank-you page
PER_PAGE = 50


def request_call(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    if request.method != "POST":
        linked = services.find_assessment(request.GET.get("assessment"))
        initial = {
            "assessment_id": linked.public_id if linked else "",
            "name": getattr(user, "full_name", ""),
        }
        return _request_page(request, RequestForm(initial=initial), linked=linked)

    form = RequestForm(request.POST)
    form.is_valid()  # every field is optional here; the service does the checking
    data = form.submitted()
    linked = services.find_assessment(data["assessment_id"])
    if linked is None:
        data["assessment_id"] = ""  # a hidden field nobody can fix: just leave it out
    try:
        submission = services.request_consultation(
            data,
            fingerprint=client_hash(request),
            patient=user,
        )
    except services.InvalidRequest as invalid:
        for error in invalid.errors:
            form.add_error(
                error["field"] if error["field"] in form.fields else None, error["message"]
            )
        return _request_page(request, form, linked=linked, status=422)
    except RateLimited as limited:
        return render(
            request, "consultations/limited.html", {"message": limited.message}, status=429
        )
    if submission.consultation is None:  # caught by the spam trap: look the same, keep nothing
        return render(request, "consultations/sent.html", {"consultation": None})
    request.session[SENT_KEY] = submission.public_id
    return redirect("consultations:sent")


def _request_page(
    request: HttpRequest, form: RequestForm, *, linked: Any, status: int = 200
) -> HttpResponse:
    context = {"form": form, "linked": linked, "errors": error_summary(form)}
    return render(request, "consultations/request.html", context, status=status)


def sent(request: HttpRequest) -> HttpResponse:
    public_id = request.session.get(SENT_KEY)
    consultation = (
        ConsultationRequest.objects.select_related("clinic").filter(public_id=public_id).first()
        if public_id
        else None
    )
    if consultation is None:
        return redirect("consultations:request")
    context = {
        "consultation": consultation,
        "expected": services.expected_call(consultation),
        "phone_readable": phone.readable(consultation.phone),
        "is_urgent": consultation.urgency == Urgency.URGENT,
    }
    return render(request, "consultations/sent.html", context)


# --- Staff pages ----------------------------------------------------------------------


def _team_member(request: HttpRequest) -> list[Any]:
    clinics = list(queue.team_clinics(request.user))  # type: ignore[arg-type]
    if not clinics:
        raise PermissionDenied("The call-back queue is for the clinic team.")
    return clinics


@login_required
def queue_page(request: HttpRequest) -> HttpResponse:
    clinics = _team_member(request)
    filters = queue.Filters.from_params(request.GET)
    rows = queue.queue(request.user, filters)  # type: ignore[arg-type]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    record(
        request,
        Action.VIEW,
        "ConsultationQueue",
        clinic=clinics[0] if len(clinics) == 1 else None,
        detail=f"page {page.number}, {len(page.object_list)} requests, filters {filters}",
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "statuses": [("open", "Still to do"), *Status.choices, ("all", "All")],
        "urgencies": Urgency.choices,
        "many_clinics": len(clinics) > 1,
        "summary": queue.summary(request.user),  # type: ignore[arg-type]
        "urgent_hours": targets.urgent_hours(),
        "routine_days": targets.routine_days(),
    }
    return render(request, "consultations/queue.html", context)


@login_required
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    consultation = queue.open_request(request, public_id)
    return _detail_page(request, consultation, {})


def _action_forms(
    consultation: ConsultationRequest, bound: dict[str, forms.Form]
) -> dict[str, forms.Form]:
    built: dict[str, forms.Form] = {}
    for name, form_class in ACTION_FORMS.items():
        if name in bound:
            built[name] = bound[name]
        elif form_class is AssignForm:
            built[name] = AssignForm(
                prefix=name,
                team=queue.team(consultation.clinic),
                initial={"assigned_to": consultation.assigned_to_id},
            )
        else:
            built[name] = form_class(prefix=name)
    return built


def _detail_page(
    request: HttpRequest,
    consultation: ConsultationRequest,
    bound: dict[str, forms.Form],
    status: int = 200,
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context = {
        "consultation": consultation,
        "phone_readable": phone.readable(consultation.phone),
        "history": queue.history(consultation),
        "forms": _action_forms(consultation, bound),
        "is_overdue": queue.is_overdue(consultation),
        "can_open_assessment": bool(
            consultation.assessment_id and is_clinician(user, consultation.clinic)
        ),
        "max_attempts": queue.max_attempts(),
        "bound_errors": [error for form in bound.values() for error in error_summary(form)],
    }
    return render(request, "consultations/detail.html", context, status=status)


Perform = Callable[[ConsultationRequest, User, dict[str, Any], HttpRequest], object]
ACTIONS: dict[str, tuple[Perform, str]] = {
    "attempt": (
        lambda c, u, d, r: queue.record_attempt(c, u, d["outcome"], d["note"], r),
        "Call attempt saved.",
    ),
    "schedule": (
        lambda c, u, d, r: queue.schedule(
            c, u, targets.local_datetime(d["date"], d["time"], c.clinic.time_zone), d["note"], r
        ),
        "Call booked.",
    ),
    "complete": (lambda c, u, d, r: queue.complete(c, u, d["note"], r), "Marked as completed."),
    "close": (lambda c, u, d, r: queue.close(c, u, d["reason"], d["note"], r), "Request closed."),
    "assign": (lambda c, u, d, r: queue.assign(c, u, d["assigned_to"], r), "Assignment saved."),
    "note": (lambda c, u, d, r: queue.add_note(c, u, d["note"], r), "Note saved."),
}


@login_required
@require_POST
def act(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    consultation = queue.find(request.user, public_id)  # type: ignore[arg-type]
    form_class = ACTION_FORMS[action]
    extra: dict[str, Any] = (
        {"team": queue.team(consultation.clinic)} if form_class is AssignForm else {}
    )
    form = form_class(request.POST, prefix=action, **extra)
    if form.is_valid():
        perform, done = ACTIONS[action]
        try:
            perform(consultation, request.user, form.cleaned_data, request)  # type: ignore[arg-type]
        except queue.QueueError as error:
            field = error.field if error.field in form.fields else None
            if action == "schedule" and error.field == "scheduled_for":
                field = "date"
            form.add_error(field, error.message)
        else:
            messages.success(request, done)
            return redirect("consultations:detail", public_id=consultation.public_id)
    consultation = queue.open_request(request, public_id)  # the page shows it again: audited
    return _detail_page(request, consultation, {action: form}, status=422)
