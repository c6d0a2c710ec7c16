"""Write audit entries. Call `record` wherever patient data is read or written."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from spinewise.audit.models import Action, AuditEntry


def client_address(request: HttpRequest | None) -> str | None:
    # Behind a reverse proxy, ClientAddressMiddleware has put the client's address here.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None,
    action: Action | str,
    obj: Any,
    *,
    patient: Any = None,
    clinic: Any = None,
    actor: Any = None,
    detail: str = "",
) -> AuditEntry:
    user = actor if actor is not None else getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEntry.objects.create(
        actor=user,
        actor_email=getattr(user, "email", "") if user else "anonymous",
        action=action,
        object_type=type(obj).__name__ if not isinstance(obj, str) else obj,
        object_id=str(getattr(obj, "pk", "") or ""),
        patient=patient,
        clinic=clinic,
        ip_address=client_address(request),
        detail=detail[:300],
    )
