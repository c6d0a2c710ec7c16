"""The audit log's hash chain and `manage.py verify_audit`: an intact log verifies, and each
kind of change made behind the application's back (raw SQL, as a DBA would) is reported at
the first entry it breaks."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from spinewise.accounts.models import Clinic
from spinewise.audit import chain
from spinewise.audit.models import AuditChainHead, AuditEntry
from spinewise.audit.services import record
from tests.factories import ClinicFactory, clinician, patient

pytestmark = pytest.mark.django_db


def write(count: int, clinic: Clinic | None = None) -> list[AuditEntry]:
    clinic = clinic or ClinicFactory.create()
    doctor, alice = clinician(clinic), patient(clinic)
    return [
        record(
            "view",
            alice,
            by=doctor,
            address="203.0.113.9",
            patient=alice,
            clinic=clinic,
            detail=f"entry {i}",
        )
        for i in range(count)
    ]


def verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def broken(*args: str) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit", *args, stdout=StringIO())
    return str(raised.value)


def sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def named(entry: AuditEntry) -> str:
    """How a report names an entry."""
    return f"Audit log broken at seq {entry.seq} (entry id {entry.pk}, written "


def rehash_from(entry: AuditEntry) -> None:
    """What a DBA with the code can do: recompute every hash from `entry` on, and the head."""
    rows = AuditEntry._base_manager.filter(seq__gte=entry.seq).order_by("seq")
    prev = AuditEntry.objects.get(seq=entry.seq - 1).entry_hash if entry.seq > 1 else chain.GENESIS
    for row in rows:
        row.prev_hash = prev
        prev = row.entry_hash = chain.entry_hash(chain.content_of(row))
        AuditEntry._base_manager.filter(pk=row.pk).update(prev_hash=row.prev_hash, entry_hash=prev)
    AuditChainHead.objects.filter(pk=1).update(entry_hash=prev)


# --- Writing ---------------------------------------------------------------------------------


def test_entries_are_numbered_from_one_and_each_chains_to_the_one_before() -> None:
    entries = write(3)
    assert [e.seq for e in entries] == [1, 2, 3]
    assert [e.prev_hash for e in entries] == [
        chain.GENESIS,
        entries[0].entry_hash,
        entries[1].entry_hash,
    ]


def test_entry_hash_is_sha256_of_the_entrys_content_as_sorted_json() -> None:
    clinic = ClinicFactory.create()
    doctor, alice = clinician(clinic), patient(clinic)
    entry = record(
        "update",
        alice,
        by=doctor,
        address="203.0.113.9",
        patient=alice,
        clinic=clinic,
        detail="paused é",
    )
    expected = {
        "v": 1,
        "seq": str(entry.seq),
        "at": entry.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
        "actor": str(doctor.pk),
        "actor_email": doctor.email,
        "action": "update",
        "object_type": "User",
        "object_id": str(alice.pk),
        "patient": str(alice.pk),
        "clinic": str(clinic.pk),
        "ip_address": "203.0.113.9",
        "detail": "paused é",
        "prev_hash": chain.GENESIS,
    }
    text = json.dumps(expected, sort_keys=True, separators=(",", ":"))
    assert entry.entry_hash == hashlib.sha256(text.encode()).hexdigest()


def test_an_entry_rolled_back_with_its_transaction_leaves_no_gap() -> None:
    first = write(1)[0]
    with pytest.raises(RuntimeError), transaction.atomic():
        record("view", "Note", by=None, address=None, detail="undone")
        raise RuntimeError
    after = record("view", "Note", by=None, address=None)
    assert (after.seq, after.prev_hash) == (first.seq + 1, first.entry_hash)


def test_entries_cannot_be_bulk_created() -> None:
    with pytest.raises(PermissionError):
        AuditEntry.objects.bulk_create([AuditEntry(action="view", object_type="Note")])


def test_writing_after_the_chain_head_was_removed_carries_on_the_chain() -> None:
    last = write(2)[-1]
    sql("DELETE FROM audit_auditchainhead")
    after = record("view", "Note", by=None, address=None)
    assert (after.seq, after.prev_hash) == (last.seq + 1, last.entry_hash)


# --- An intact log -----------------------------------------------------------------------------


def test_a_fresh_chain_verifies() -> None:
    entries = write(5)
    assert verify().splitlines()[0] == (
        f"Audit log intact: 5 entries, chain head {entries[-1].entry_hash[:12]}"
    )


def test_an_empty_log_verifies() -> None:
    assert verify().splitlines() == ["Audit log intact: 0 entries, chain head 000000000000"]


def test_the_report_gives_the_head_entrys_seq_time_and_full_hash() -> None:
    last = write(2)[-1]
    written = last.at.astimezone(UTC).isoformat(timespec="microseconds")
    assert verify().splitlines()[1] == (
        f"Chain head: seq {last.seq}, written {written}, hash {last.entry_hash}"
    )


def test_deleting_a_person_keeps_the_chain_intact() -> None:
    clinic = ClinicFactory.create()
    alice = patient(clinic)
    record("view", alice, by=alice, address=None, patient=alice, clinic=clinic)
    alice.delete()  # the entry's actor and patient become NULL; the ids it was hashed with stay
    assert verify().startswith("Audit log intact: 1 entry")


def test_an_address_given_in_long_ipv6_form_verifies() -> None:
    entry = record("view", "Note", by=None, address="2001:0DB8:0000:0000:0000:0000:0000:0001")
    assert AuditEntry.objects.get(pk=entry.pk).ip_address == "2001:db8::1"
    assert verify().startswith("Audit log intact: 1 entry")


def test_an_intact_log_exits_with_status_0(capsys: pytest.CaptureFixture[str]) -> None:
    write(2)
    ManagementUtility(["manage.py", "verify_audit"]).execute()  # returns: no SystemExit
    assert capsys.readouterr().out.startswith("Audit log intact: 2 entries")


# --- Changes behind the application's back -----------------------------------------------------


def test_a_detail_changed_with_raw_sql_is_reported_naming_that_entry() -> None:
    entries = write(4)
    sql("UPDATE audit_auditentry SET detail = 'x' WHERE id = %s", [entries[1].pk])
    report = broken()
    assert report.startswith(named(entries[1]))
    assert "content changed: its stored hash does not match its content." in report


def test_a_broken_log_exits_with_status_1(capsys: pytest.CaptureFixture[str]) -> None:
    entries = write(2)
    sql("UPDATE audit_auditentry SET detail = 'x' WHERE id = %s", [entries[0].pk])
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "verify_audit"]).execute()
    assert exited.value.code == 1
    assert f"Audit log broken at seq {entries[0].seq}" in capsys.readouterr().err


def test_only_the_first_broken_entry_is_reported() -> None:
    entries = write(4)
    sql(
        "UPDATE audit_auditentry SET detail = 'x' WHERE id IN (%s, %s)",
        [entries[1].pk, entries[3].pk],
    )
    assert broken().startswith(named(entries[1]))


def test_an_entry_moved_to_another_patient_is_reported() -> None:
    entries = write(2)
    bob = patient(ClinicFactory.create())
    sql("UPDATE audit_auditentry SET patient_id = %s WHERE id = %s", [bob.pk, entries[0].pk])
    report = broken()
    assert report.startswith(named(entries[0]))
    assert f"content changed: patient_id is {bob.pk} but the entry was written with" in report


def test_a_deleted_entry_is_reported_as_missing_at_the_entry_after_it() -> None:
    entries = write(5)
    sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    report = broken()
    assert report.startswith(named(entries[3]))
    assert f"entry missing: seq {entries[2].seq} is not in the log" in report


def test_a_deleted_entry_with_the_later_ones_renumbered_and_rehashed_is_reported() -> None:
    entries = write(4)
    sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    sql("UPDATE audit_auditentry SET seq = seq - 1 WHERE seq > %s", [entries[1].seq])
    for moved in AuditEntry.objects.filter(seq__gte=entries[1].seq):
        own_hash = chain.entry_hash(chain.content_of(moved))  # each row matches its content
        AuditEntry._base_manager.filter(pk=moved.pk).update(entry_hash=own_hash)
    report = broken()
    assert report.startswith(f"Audit log broken at seq {entries[1].seq} (entry id {entries[2].pk}")
    assert "entry missing: the entry it was written after is not in the log" in report


def test_deleted_newest_entries_are_reported_as_missing() -> None:
    entries = write(4)
    sql("DELETE FROM audit_auditentry WHERE seq >= %s", [entries[2].seq])
    assert broken().startswith(
        f"Audit log broken at seq {entries[2].seq}: entry missing: the log ends at seq "
        f"{entries[1].seq} but the application had written up to seq {entries[3].seq}"
    )


def test_the_entry_written_after_deleted_newest_entries_shows_the_gap() -> None:
    entries = write(3)
    sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    after = record("view", "Note", by=None, address=None)
    assert after.seq == entries[2].seq + 1
    assert broken().startswith(named(after))


def test_swapped_entries_are_reported_out_of_order() -> None:
    entries = write(4)
    second, third = entries[1], entries[2]
    sql("UPDATE audit_auditentry SET seq = 1000000 WHERE id = %s", [second.pk])
    sql("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [second.seq, third.pk])
    sql("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [third.seq, second.pk])
    report = broken()
    assert report.startswith(f"Audit log broken at seq {second.seq} (entry id {third.pk}")
    assert (
        f"out of order: it was written right after the entry now at seq {third.seq} "
        f"(id {second.pk})"
    ) in report


def test_an_inserted_entry_with_a_made_up_hash_is_reported() -> None:
    last = write(2)[-1]
    copy_of(last, detail="forged", entry_hash="f" * 64)
    assert broken().startswith(f"Audit log broken at seq {last.seq + 1} (entry id ")


def test_an_entry_added_with_a_matching_hash_behind_the_applications_back_is_reported() -> None:
    last = write(2)[-1]
    content = {
        **chain.content_of(last),
        "seq": last.seq + 1,
        "prev_hash": last.entry_hash,
        "detail": "forged",
    }
    copy_of(last, detail="forged", entry_hash=chain.entry_hash(content))
    report = broken()
    assert report.startswith(f"Audit log broken at seq {last.seq + 1} (entry id ")
    assert "entry added: the application wrote up to seq" in report


def test_a_replaced_newest_entry_with_a_matching_hash_is_reported() -> None:
    last = write(3)[-1]
    sql("UPDATE audit_auditentry SET detail = 'x' WHERE id = %s", [last.pk])
    replaced = AuditEntry.objects.get(pk=last.pk)
    new_hash = chain.entry_hash(chain.content_of(replaced))
    sql("UPDATE audit_auditentry SET entry_hash = %s WHERE id = %s", [new_hash, last.pk])
    report = broken()
    assert report.startswith(named(last))
    assert "the chain head holds another hash" in report


def test_a_removed_chain_head_is_reported() -> None:
    write(2)
    sql("DELETE FROM audit_auditchainhead")
    assert "the chain head (the one row of audit_auditchainhead) has been removed" in broken()


def copy_of(entry: AuditEntry, *, detail: str, entry_hash: str) -> None:
    """Insert a row after `entry`, as a DBA would: a copy of it with another detail."""
    columns = (
        "at, actor_email, action, object_type, object_id, ip_address, actor_id, patient_id, "
        "clinic_id, actor_ref, patient_ref, clinic_ref"
    )
    sql(
        f"INSERT INTO audit_auditentry ({columns}, detail, seq, prev_hash, entry_hash) "
        f"SELECT {columns}, %s, seq + 1, entry_hash, %s FROM audit_auditentry WHERE id = %s",
        [detail, entry_hash, entry.pk],
    )


# --- A head kept off the server, and partial walks -----------------------------------------------


def test_a_chain_rewritten_from_a_change_on_fails_against_the_head_kept_off_the_server() -> None:
    entries = write(4)
    kept = entries[-1].entry_hash
    sql("UPDATE audit_auditentry SET detail = 'x' WHERE id = %s", [entries[1].pk])
    rehash_from(entries[1])
    assert verify().startswith("Audit log intact")  # on its own, the rewrite goes unseen
    assert broken("--expect", kept).startswith(
        f"The chain does not hold the head you kept ({kept})"
    )


def test_a_kept_head_still_in_the_chain_passes() -> None:
    kept = write(2)[-1]
    record("view", "Note", by=None, address=None)
    assert verify("--expect", kept.entry_hash).splitlines()[-1] == (
        f"The head you kept ({kept.entry_hash[:12]}) is the entry at seq {kept.seq}: the log up "
        "to it is as it was then."
    )


def test_expect_takes_the_twelve_characters_of_the_report() -> None:
    kept = write(2)[-1]
    short = verify().split("chain head ")[1][:12]
    assert f"is the entry at seq {kept.seq}" in verify("--expect", short)


def test_expect_refuses_what_is_not_a_hash() -> None:
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit", "--expect", "abc", stdout=StringIO())
    assert raised.value.returncode == 2


def test_since_seq_checks_only_from_that_entry() -> None:
    entries = write(4)
    sql("UPDATE audit_auditentry SET detail = 'x' WHERE id = %s", [entries[0].pk])
    assert verify("--since-seq", str(entries[2].seq)).startswith(
        f"Audit log intact: 2 entries from seq {entries[2].seq}, chain head "
    )


def test_since_seq_checks_the_link_from_the_entry_before_it() -> None:
    entries = write(3)
    sql("UPDATE audit_auditentry SET entry_hash = %s WHERE id = %s", ["e" * 64, entries[0].pk])
    assert broken("--since-seq", str(entries[1].seq)).startswith(named(entries[1]))


def test_a_break_after_the_first_chunk_is_found() -> None:
    entries = write(7)
    sql("UPDATE audit_auditentry SET detail = 'x' WHERE id = %s", [entries[5].pk])
    assert broken("--chunk-size", "2").startswith(named(entries[5]))


def test_reported_times_are_utc() -> None:
    entry = write(1)[0]
    sql("UPDATE audit_auditentry SET detail = 'x' WHERE id = %s", [entry.pk])
    stamp = broken().split("written ")[1].split(")")[0]
    assert datetime.fromisoformat(stamp) == entry.at
    assert stamp.endswith("+00:00")
