from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from spinewise.accounts.forms import PatientSignupForm
from spinewise.accounts.patients import EmailTaken, register_patient
from spinewise.assessments import services as assessments


def signup(request: HttpRequest) -> HttpResponse:
    """Create a patient account from an assessment this browser just took."""
    public_id = request.GET.get("assessment") or request.POST.get("assessment") or ""
    try:
        assessment = assessments.get_for_viewer(request, public_id)
    except Http404:
        return render(request, "accounts/signup_needs_assessment.html", status=404)
    if assessment.patient_id is not None and assessment.patient_id == request.user.pk:
        return redirect("programmes:mine")  # their own, already kept with their account
    if assessment.patient_id is not None:
        messages.info(request, "This result already belongs to an account. Please sign in.")
        return redirect("login")
    form = PatientSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = register_patient(
                assessment.clinic,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except EmailTaken:
            form.add_error("email", "There is already an account with this email.")
        else:
            assessments.claim(assessment, user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your account is ready. Your clinic can now see your result.")
            return redirect("programmes:mine")
    status = 422 if form.is_bound and form.errors else 200
    context = {"form": form, "assessment": assessment}
    return render(request, "accounts/signup.html", context, status=status)
