from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from spinewise.accounts import lockout, patients
from spinewise.accounts.forms import NewPasswordForm, PatientSignupForm
from spinewise.assessments import browser
from spinewise.assessments import services as assessments
from spinewise.errors import InvalidInput, NotFound
from spinewise.web.client import client_address
from spinewise.web.errors import show_on_form


def signup(request: HttpRequest) -> HttpResponse:
    """Create a patient account from an assessment this browser just took.

    The answer is the same whether or not the email already has an account: "check your
    email to finish". What happens next is in the email (assessments.keep_with_new_account).
    """
    public_id = request.GET.get("assessment") or request.POST.get("assessment") or ""
    address = client_address(request)
    try:
        assessment = assessments.open_result(
            public_id, by=request.user, taken_here=browser.taken_here(request), address=address
        )
    except NotFound:
        return render(request, "accounts/signup_needs_assessment.html", status=404)
    if assessment.patient_id is not None and assessment.patient_id == request.user.pk:
        return redirect("programmes:mine")  # their own, already kept with their account
    if assessment.patient_id is not None:
        messages.info(request, "This result already belongs to an account. Please sign in.")
        return redirect("login")
    form = PatientSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessments.keep_with_new_account(
                assessment,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
                address=address,
            )
        except InvalidInput as invalid:
            show_on_form(form, invalid)
        else:
            return redirect("signup_sent")
    status = 422 if form.is_bound and form.errors else 200
    context = {"form": form, "assessment": assessment}
    return render(request, "accounts/signup.html", context, status=status)


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


def signup_finish(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link of the sign-up email. Opening it shows a button (a mail scanner that
    follows links opens nothing); pressing it opens the account and signs its owner in."""
    try:
        if request.method != "POST":
            account = patients.waiting_account(uidb64, token)
            return render(request, "accounts/signup_finish.html", {"account": account})
        user = patients.finish_signup(uidb64, token, address=client_address(request))
    except NotFound:
        return render(request, "accounts/signup_link_expired.html", status=404)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Your account is ready. Your clinic can now see your result.")
    return redirect("programmes:mine")


class ResetPasswordView(auth_views.PasswordResetConfirmView):
    """Choosing a new password from the emailed link; it also unlocks sign-in at once, so
    a stranger's wrong passwords never keep the owner out for long."""

    form_class = NewPasswordForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        lockout.clear_after_password_reset(
            form.user, by=form.user, address=client_address(self.request)
        )
        return response
