"""Background work for accounts. Tasks run on the worker (docs/deploy.md)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list[str], html_body: str | None = None) -> int:
    message = EmailMultiAlternatives(subject, body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
