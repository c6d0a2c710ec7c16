from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

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
