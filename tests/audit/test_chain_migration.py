"""Entries written before the hash chain existed: migration audit 0002 chains them in (at, id)
order, so an upgraded install verifies."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from spinewise.audit import chain
from spinewise.audit.models import AuditChainHead, AuditEntry
from spinewise.audit.services import record
from tests.factories import ClinicFactory, patient


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def unchained(count: int) -> list[int]:
    """`count` entries as an install before the chain has them: no seq, hashes or refs (seq
    moved out of the way rather than NULL, which the column no longer allows). Their times
    run backwards, so (at, id) order is not id order. Returns their ids, oldest first."""
    clinic = ClinicFactory.create()
    alice = patient(clinic)
    ids = [
        record("view", alice, by=alice, address=None, patient=alice, clinic=clinic).pk
        for _ in range(count)
    ]
    start = timezone.now() - timedelta(days=30)
    for age, pk in enumerate(ids):
        AuditEntry._base_manager.filter(pk=pk).update(
            at=start - timedelta(hours=age),
            seq=1_000_000 + pk,
            prev_hash="",
            entry_hash=f"before the chain {pk}",
            actor_ref="",
            patient_ref="",
            clinic_ref="",
        )
    AuditChainHead.objects.all().delete()
    return ids[::-1]


@pytest.mark.django_db
def test_chaining_existing_entries_numbers_them_in_time_order() -> None:
    oldest_first = unchained(3)
    assert chain.chain_existing(AuditEntry, AuditChainHead) == 3
    assert list(AuditEntry.objects.order_by("seq").values_list("pk", flat=True)) == oldest_first
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]


@pytest.mark.django_db
def test_chaining_existing_entries_gives_a_log_that_verifies() -> None:
    unchained(3)
    chain.chain_existing(AuditEntry, AuditChainHead, batch_size=2)
    assert verify().startswith("Audit log intact: 3 entries")


@pytest.mark.django_db
def test_chaining_existing_entries_keeps_the_ids_they_name() -> None:
    unchained(1)
    chain.chain_existing(AuditEntry, AuditChainHead)
    entry = AuditEntry.objects.get()
    assert (entry.actor_ref, entry.patient_ref) == (str(entry.actor_id), str(entry.patient_id))
    assert entry.clinic_ref == str(entry.clinic_id)


@pytest.mark.django_db
def test_chaining_existing_entries_sets_the_head_to_the_last() -> None:
    unchained(2)
    chain.chain_existing(AuditEntry, AuditChainHead)
    last = AuditEntry.objects.order_by("seq").last()
    assert last is not None
    head = AuditChainHead.objects.get()
    assert (head.seq, head.entry_hash) == (last.seq, last.entry_hash)


@pytest.mark.django_db
def test_chaining_an_empty_log_sets_the_head_to_genesis() -> None:
    assert chain.chain_existing(AuditEntry, AuditChainHead) == 0
    head = AuditChainHead.objects.get()
    assert (head.seq, head.entry_hash) == (0, chain.GENESIS)


@pytest.mark.django_db
def test_the_next_entry_after_chaining_continues_the_chain() -> None:
    unchained(2)
    chain.chain_existing(AuditEntry, AuditChainHead)
    after = record("view", "Note", by=None, address=None)
    assert after.seq == 3
    assert verify().startswith("Audit log intact: 3 entries")


@pytest.mark.django_db(transaction=True)
def test_an_install_upgraded_from_before_the_chain_verifies() -> None:
    before, latest = [("audit", "0001_initial")], MigrationExecutor(connection).loader
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        clinic = ClinicFactory.create()  # only audit went back: accounts is as it is now
        entries = executor.loader.project_state(before).apps.get_model("audit", "AuditEntry")
        for detail in ("first", "second", "third"):
            entries.objects.create(
                action="view", object_type="Note", clinic_id=clinic.pk, detail=detail
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest.graph.leaf_nodes())
    assert list(AuditEntry.objects.order_by("seq").values_list("detail", flat=True)) == [
        "first",
        "second",
        "third",
    ]
    assert verify().startswith("Audit log intact: 3 entries")
