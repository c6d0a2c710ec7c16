"""Pages: the public call request and its confirmation; the staff queue and request page.

Thin: the checks and the work are in services.py (public) and queue.py (staff).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from spinewise.accounts.access import is_clinician
from spinewise.accounts.models import User
from spinewise.accounts.signed_in import SignedInRequest
from spinewise.consultations import phone, queue, services, targets
from spinewise.consultations.forms import ACTION_FORMS, AssignForm, RequestForm, error_summary
from spinewise.consultations.models import ConsultationRequest, Status, Urgency
from spinewise.errors import InvalidInput, SpinewiseError, TooManyRequests
from spinewise.web.client import client_address
from spinewise.web.errors import show_on_form

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
            data, address=client_address(request), patient=user
        )
    except InvalidInput as invalid:
        show_on_form(form, invalid)
        return _request_page(request, form, linked=linked, status=422)
    except TooManyRequests as limited:
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


@login_required
def queue_page(request: SignedInRequest) -> HttpResponse:
    filters = queue.Filters.from_params(request.GET)
    page, clinics = queue.queue_page(
        by=request.user,
        filters=filters,
        page=request.GET.get("page"),
        per_page=PER_PAGE,
        address=client_address(request),
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
        "summary": queue.summary(request.user),
        "urgent_hours": targets.urgent_hours(),
        "routine_days": targets.routine_days(),
    }
    return render(request, "consultations/queue.html", context)


@login_required
def detail(request: SignedInRequest, public_id: str) -> HttpResponse:
    consultation = queue.open_request(public_id, by=request.user, address=client_address(request))
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
    request: SignedInRequest,
    consultation: ConsultationRequest,
    bound: dict[str, forms.Form],
    status: int = 200,
) -> HttpResponse:
    context = {
        "consultation": consultation,
        "phone_readable": phone.readable(consultation.phone),
        "history": queue.history(consultation),
        "forms": _action_forms(consultation, bound),
        "is_overdue": queue.is_overdue(consultation),
        "can_open_assessment": bool(
            consultation.assessment_id and is_clinician(request.user, consultation.clinic)
        ),
        "max_attempts": queue.max_attempts(),
        "bound_errors": [error for form in bound.values() for error in error_summary(form)],
    }
    return render(request, "consultations/detail.html", context, status=status)


# Each action: what the service is given from the form's cleaned data, and what is said.
Perform = Callable[[str, User, dict[str, Any], str | None], object]
ACTIONS: dict[str, tuple[Perform, str]] = {
    "attempt": (
        lambda c, u, d, a: queue.record_attempt(
            c, by=u, outcome=d["outcome"], note=d["note"], address=a
        ),
        "Call attempt saved.",
    ),
    "schedule": (
        lambda c, u, d, a: queue.schedule(
            c,
            by=u,
            when=targets.local_datetime(d["date"], d["time"], d["time_zone"]),
            note=d["note"],
            address=a,
        ),
        "Call booked.",
    ),
    "complete": (
        lambda c, u, d, a: queue.complete(c, by=u, note=d["note"], address=a),
        "Marked as completed.",
    ),
    "close": (
        lambda c, u, d, a: queue.close(c, by=u, reason=d["reason"], note=d["note"], address=a),
        "Request closed.",
    ),
    "assign": (
        lambda c, u, d, a: queue.assign(c, by=u, assignee=d["assigned_to"], address=a),
        "Assignment saved.",
    ),
    "note": (
        lambda c, u, d, a: queue.add_note(c, by=u, note=d["note"], address=a),
        "Note saved.",
    ),
}
# The service names the booked time; the page asks for it as a date and a time.
FORM_FIELDS = {"scheduled_for": "date"}


@login_required
@require_POST
def act(request: SignedInRequest, public_id: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    consultation = queue.find(request.user, public_id)
    form_class = ACTION_FORMS[action]
    extra: dict[str, Any] = (
        {"team": queue.team(consultation.clinic)} if form_class is AssignForm else {}
    )
    form = form_class(request.POST, prefix=action, **extra)
    if form.is_valid():
        perform, done = ACTIONS[action]
        data = {**form.cleaned_data, "time_zone": consultation.clinic.time_zone}
        try:
            perform(public_id, request.user, data, client_address(request))
        except SpinewiseError as error:
            show_on_form(form, error, fields=FORM_FIELDS)
        else:
            messages.success(request, done)
            return redirect("consultations:detail", public_id=consultation.public_id)
    # The page shows the request again: audited.
    consultation = queue.open_request(public_id, by=request.user, address=client_address(request))
    return _detail_page(request, consultation, {action: form}, status=422)
