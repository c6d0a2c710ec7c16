from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.validators import MaxLengthValidator
from django.template import loader

from spinewise.accounts.models import User
from spinewise.accounts.tasks import send_email

# No email address is longer (RFC 5321), and no password needs to be: past these the sign-in
# pages answer beside the field, before the lockout records a failure or a hasher runs.
EMAIL_MAX_LENGTH = 254
PASSWORD_MAX_LENGTH = 4096
EMAIL_TOO_LONG = "An email address has at most 254 characters. Please check what you typed."
PASSWORD_TOO_LONG = "A password has at most 4,096 characters. Please check what you typed."
NEW_PASSWORD_TOO_LONG = "Please choose a password of at most 4,096 characters."


def cap_lengths(form: forms.Form, caps: Mapping[str, tuple[int, str]]) -> None:
    """Give each named field a maximum length with its own plain message. (Setting
    `max_length` after a field is made, as Django's sign-in form does, checks nothing.)"""
    for name, (limit, message) in caps.items():
        field = form.fields[name]
        field.validators.append(MaxLengthValidator(limit, message=message))
        field.widget.attrs["maxlength"] = str(limit)


SIGN_IN_CAPS = {
    "username": (EMAIL_MAX_LENGTH, EMAIL_TOO_LONG),
    "password": (PASSWORD_MAX_LENGTH, PASSWORD_TOO_LONG),
}
NEW_PASSWORD_CAPS = {
    "new_password1": (PASSWORD_MAX_LENGTH, NEW_PASSWORD_TOO_LONG),
    "new_password2": (PASSWORD_MAX_LENGTH, NEW_PASSWORD_TOO_LONG),
}


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the email and password capped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cap_lengths(self, SIGN_IN_CAPS)


class AdminSignInForm(AdminAuthenticationForm):
    """The admin's sign-in form, with the same caps as ours."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cap_lengths(self, SIGN_IN_CAPS)


# SetPasswordForm is generic only in django-stubs; at run time it cannot be subscripted.
if TYPE_CHECKING:
    _SetPasswordForm = SetPasswordForm[User]
else:
    _SetPasswordForm = SetPasswordForm


class NewPasswordForm(_SetPasswordForm):
    """Choosing a new password from a reset (or invitation) link."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cap_lengths(self, NEW_PASSWORD_CAPS)


class ChangePasswordForm(PasswordChangeForm):
    """A signed-in person changing their password."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cap_lengths(
            self, {"old_password": (PASSWORD_MAX_LENGTH, PASSWORD_TOO_LONG), **NEW_PASSWORD_CAPS}
        )


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset email from the background worker, so the page never waits on SMTP."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["max_length"] = EMAIL_TOO_LONG

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
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter an email address like name@example.com.",
            "max_length": EMAIL_TOO_LONG,
        },
    )
    password = forms.CharField(
        label="Choose a password",
        help_text="At least 8 characters. Not just numbers, and not a common password.",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={
            "required": "Please choose a password.",
            "max_length": NEW_PASSWORD_TOO_LONG,
        },
    )
    share = forms.BooleanField(
        label="I agree that the clinic can see my answers, my result and my exercise records.",
        error_messages={
            "required": "Please tick this box. Your clinic needs to see your answers to help you."
        },
    )

    def clean_email(self) -> str:
        # Whether the address has an account is not said here: sign-up answers the same
        # either way (accounts/patients.py).
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        probe = User(email=self.data.get("email", ""), full_name=self.data.get("full_name", ""))
        password_validation.validate_password(password, probe)
        return str(password)
