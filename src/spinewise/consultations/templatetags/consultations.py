"""Small template helpers for the queue pages."""

from __future__ import annotations

from django import template

from spinewise.assessments.models import Triage
from spinewise.consultations import phone

register = template.Library()


@register.filter
def readable_phone(e164: str) -> str:
    return phone.readable(e164)


@register.filter
def triage_label(code: str) -> str:
    return str(Triage(code).label) if code in Triage.values else code
