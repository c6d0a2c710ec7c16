from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from spinewise.accounts.models import User
from spinewise.accounts.tasks import send_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset email from the background worker, so the page never waits on SMTP."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject, body, [to_email])


class PatientSignupForm(forms.Form):
    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Please tell us your name."},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="You will use this to sign in.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter an email address like name@example.com.",
        },
    )
    password = forms.CharField(
        label="Choose a password",
        help_text="At least 8 characters. Not just numbers, and not a common password.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Please choose a password."},
    )
    share = forms.BooleanField(
        label="I agree that the clinic can see my answers, my result and my exercise records.",
        error_messages={
            "required": "Please tick this box. Your clinic needs to see your answers to help you."
        },
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "There is already an account with this email. "
                "Sign in instead, or reset your password."
            )
        return str(email)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        probe = User(email=self.data.get("email", ""), full_name=self.data.get("full_name", ""))
        password_validation.validate_password(password, probe)
        return str(password)
