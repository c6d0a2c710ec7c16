"""The audit log: who read or changed which patient's data, when, and from where.

Append-only: entries are never updated or deleted through the application. Tamper-evident:
each entry is chained to the one before it by a hash (`spinewise.audit.chain`), so a row
changed or removed behind the application's back shows in `manage.py verify_audit`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, router, transaction
from django.utils import timezone

from spinewise.audit import chain

APPEND_ONLY = "The audit log is append-only."
HEAD_ID = 1


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError(APPEND_ONLY)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(APPEND_ONLY)

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[AuditEntry]:
        # Each entry is chained to the one before it as it is saved: one at a time.
        raise PermissionError("Audit entries are written one at a time, with record().")


class AuditChainHead(models.Model):
    """The one row (id 1) that puts audit writes in single file, and the chain's head.

    Writing an entry locks this row (`select_for_update`), so two transactions can never
    both take the same entry before them: the second waits until the first commits (or
    rolls back) and then chains to what it wrote. `seq` and `entry_hash` are those of the
    last entry written; `seq` only ever grows, so newest entries removed behind the
    application's back leave a gap that the next entry shows, and `verify_audit` compares
    the end of the log with it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID)
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default=chain.GENESIS)

    class Meta:
        verbose_name = "audit chain head"

    def __str__(self) -> str:
        return f"seq {self.seq}, {self.entry_hash[:12]}"


class AuditEntry(models.Model):
    # Set when the entry is written, under the chain head's lock: times follow the chain.
    at = models.DateTimeField(db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clinic = models.ForeignKey(
        "accounts.Clinic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    # The hash chain (spinewise.audit.chain): the entry's place, the hash of the one before
    # it and its own. The *_ref columns keep the ids as written, for the hash: the foreign
    # keys become NULL when the person or clinic is deleted.
    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, unique=True, editable=False)
    actor_ref = models.CharField(max_length=20, blank=True, editable=False)
    patient_ref = models.CharField(max_length=20, blank=True, editable=False)
    clinic_ref = models.CharField(max_length=20, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-id")
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["clinic", "-at"]), models.Index(fields=["patient", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Write a new entry at the end of the chain. Takes the chain head's lock, which is
        held until the surrounding transaction ends: see `spinewise.audit.services.record`
        for why it must be the last lock a transaction takes."""
        if self.pk is not None:
            raise PermissionError(APPEND_ONLY)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            head = _locked_head(using)
            # A statement of its own, after the lock: under READ COMMITTED it sees what the
            # writer we waited for committed. (Read in the same statement as the lock, it
            # would come from the snapshot taken before the wait.)
            last = (
                AuditEntry.objects.using(using)
                .order_by("-seq")
                .values_list("seq", "entry_hash")
                .first()
            )
            last_seq, self.prev_hash = last if last is not None else (0, chain.GENESIS)
            self.seq = max(head.seq, last_seq) + 1
            self.at = timezone.now()
            for key, ref_field in chain.REFERENCES:
                setattr(self, ref_field, chain.ref(getattr(self, key)))
            # Hash the address as the database will store it (IPv6 shortened, blank NULL).
            address = self._meta.get_field("ip_address").get_prep_value(self.ip_address)
            self.ip_address = address or None
            self.entry_hash = chain.entry_hash(chain.content_of(self))
            super().save(*args, **kwargs)
            head.seq, head.entry_hash = self.seq, self.entry_hash
            head.save(using=using, update_fields=["seq", "entry_hash"])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(APPEND_ONLY)


def _locked_head(using: str) -> AuditChainHead:
    """The chain head, locked until the transaction ends. Made when missing (a database just
    emptied, as by a test's flush): when two writers find none, the database lets one make
    it and the other, refused, waits for that one's lock."""
    heads = AuditChainHead.objects.using(using).select_for_update()
    head = heads.filter(pk=HEAD_ID).first()
    if head is not None:
        return head
    try:
        with transaction.atomic(using=using):
            return AuditChainHead.objects.using(using).create(pk=HEAD_ID)
    except IntegrityError:
        return heads.get(pk=HEAD_ID)
