"""Clinic invitations: a clinician creates a patient, who gets an email link to set a password."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from spinewise.accounts.models import Clinic, User
from spinewise.accounts.tasks import send_email


def invite_link(user: User, site_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return site_url + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def send_invite(user: User, clinic: Clinic, site_url: str) -> None:
    body = (
        f"Hello {user.get_short_name()},\n\n"
        f"{clinic.name} has set up an exercise plan for you in Spinewise.\n"
        "Open this link to choose your password and see your plan (it works for one day):\n\n"
        f"{invite_link(user, site_url)}\n\n"
        f"Questions? Call {clinic.phone}.\n"
    )
    send_email.enqueue(f"Your exercise plan from {clinic.name}", body, [user.email])
