"""Write audit entries. Every service that reads or changes patient data calls `record`
in the same transaction as its work.

Each entry is chained to the one before it (`spinewise.audit.chain`), and writing one locks
the chain head (`AuditChainHead`) until the transaction ends, so that two requests at the
same moment never both take the same entry before them. Audit writes therefore go one
transaction at a time, from `record` to commit. The rule that keeps that short, and free of
deadlocks:

    `record` is the last thing a transaction does: take every row lock, and make every
    change, first; then write the audit entry (or entries); then commit.

A transaction that held the head and then waited for a row lock could wait for one that
holds that row and is itself waiting for the head: PostgreSQL would break the deadlock by
failing one of them after a second (deadlock_timeout). Taken last, the head is held only
for the entry's insert and the commit (a few milliseconds), and whoever holds it waits for
no other lock. Several `record` calls in one transaction are fine: the second finds the
head already held. (The one lock a commit still takes is a share lock on the person and
clinic rows the entry names, to check its foreign keys; only a transaction deleting that
very row holds one that conflicts.)

One knowing exception: the admin writes a delete's entry just before the delete
(`AuditedAdmin.delete_model` and `delete_queryset` in `admin_access`), because the entry
must name rows that are gone afterwards. A service that locked a row of that delete's
cascade and then waits for the head can deadlock with it; PostgreSQL then fails one of
the two, and nothing is half-stored.

Why one chain with one lock, and not one chain per clinic or a worker that seals entries
afterwards: it is exact (every committed entry is in the chain the moment it commits, with
no window in which a new entry is unprotected and no worker that must be running for the
log to be sealed), it is the simplest to reason about, and its cost is small at a clinic's
scale (docs/security.md, "The audit log", gives the figures). A chain per clinic would
spread the lock but most installs have one clinic, some entries have none, and each chain
would need its own head kept off the server.
"""

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
