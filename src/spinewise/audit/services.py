"""Write audit entries. Every service that reads or changes patient data calls `record`
in the same transaction as its work."""

from __future__ import annotations

from typing import Any

from spinewise.audit.models import Action, AuditEntry


def record(
    action: Action | str,
    obj: Any,
    *,
    by: Any,
    address: str | None,
    patient: Any = None,
    clinic: Any = None,
    detail: str = "",
) -> AuditEntry:
    """`by` is the person acting (None or anonymous for the public, or the system);
    `address` the client's address as the edge read it."""
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        actor_email=actor.email if actor else "anonymous",
        action=action,
        object_type=type(obj).__name__ if not isinstance(obj, str) else obj,
        object_id=str(getattr(obj, "pk", "") or ""),
        patient=patient,
        clinic=clinic,
        ip_address=address,
        detail=detail[:300],
    )


def record_for(
    action: Action | str, obj: Any, *, by: Any, address: str | None, detail: str = ""
) -> AuditEntry:
    """An entry about a record that belongs to a patient at a clinic (`obj.patient`,
    `obj.clinic`), filed under both."""
    return record(
        action, obj, by=by, address=address, patient=obj.patient, clinic=obj.clinic, detail=detail
    )
