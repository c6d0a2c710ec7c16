"""The audit log's hash chain: each entry carries a hash of its own content and of the entry
before it, so a row changed, removed, moved or added behind the application's back (raw
SQL, a DBA, an old backup restored over a newer log) shows when the chain is walked.

- `seq` is the entry's place in the chain: 1, 2, 3 … with no gaps.
- `prev_hash` is the `entry_hash` of the entry before it; the first entry's is `GENESIS`.
- `entry_hash` is SHA-256 over `canonical(entry)`: a fixed set of fields (`CONTENT_FIELDS`,
  `prev_hash` among them) as JSON with sorted keys, no spaces, ASCII only, the time in ISO
  8601 UTC to the microsecond and every id as a string. Change one character of an entry
  and its hash no longer matches; remove or move one and the next entry's `prev_hash` no
  longer points at the entry before it.

The people and the clinic an entry names are hashed as `actor_ref`, `patient_ref` and
`clinic_ref`, the ids as they were when it was written: the foreign keys themselves become
NULL when that person or clinic is deleted (SET_NULL, so the log outlives them), and the
walk accepts a NULL there but no other id than the one hashed.

This module only computes and checks. Writing (in `AuditEntry.save`, under the chain head's
lock) is in `models.py`; walking the table is `manage.py verify_audit`. Nothing here needs
a secret: anyone with the code can recompute a chain, which is why docs/security.md says to
keep the head's hash somewhere the database's administrators cannot reach.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connections
from django.db.models import Model
from django.utils import timezone

# What the first entry chains to.
GENESIS = "0" * 64
# The canonical form's version, hashed with the content so it can change one day.
FORMAT = 1
HASH_LENGTH = 64

# What is hashed, besides FORMAT. Every one of them is a column of AuditEntry.
CONTENT_FIELDS = (
    "seq",
    "at",
    "actor_ref",
    "actor_email",
    "action",
    "object_type",
    "object_id",
    "patient_ref",
    "clinic_ref",
    "ip_address",
    "detail",
    "prev_hash",
)
# The foreign keys whose id is kept in a `*_ref` column: (key column, ref column).
REFERENCES = (("actor_id", "actor_ref"), ("patient_id", "patient_ref"), ("clinic_id", "clinic_ref"))
# What the walk reads of each row.
ROW_FIELDS = ("id", *CONTENT_FIELDS, "entry_hash", *(key for key, _ in REFERENCES))


def ref(pk: object) -> str:
    """An id as the chain stores it: a string, empty for none."""
    return "" if pk is None else str(pk)


def utc_iso(at: datetime) -> str:
    if timezone.is_naive(at):
        raise ValueError("An audit entry's time must carry its time zone.")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(values: Mapping[str, Any]) -> bytes:
    """The bytes an entry's hash is taken over: `values` maps each of CONTENT_FIELDS to the
    value as the database stores it (from an instance, a `.values()` row or a historical
    model alike)."""
    document = {
        "v": FORMAT,
        "seq": str(int(values["seq"])),
        "at": utc_iso(values["at"]),
        "actor": str(values["actor_ref"]),
        "actor_email": str(values["actor_email"]),
        "action": str(values["action"]),
        "object_type": str(values["object_type"]),
        "object_id": str(values["object_id"]),
        "patient": str(values["patient_ref"]),
        "clinic": str(values["clinic_ref"]),
        # Blank and NULL are one: the database stores a blank address as NULL.
        "ip_address": str(values["ip_address"] or ""),
        "detail": str(values["detail"]),
        "prev_hash": str(values["prev_hash"]),
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def entry_hash(values: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


def content_of(entry: Model) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in CONTENT_FIELDS}


# --- Checking ------------------------------------------------------------------------------

CONTENT_CHANGED = "content changed"
ENTRY_MISSING = "entry missing"
OUT_OF_ORDER = "out of order"
ENTRY_ADDED = "entry added"
HEAD_MISSING = "the chain head (the one row of audit_auditchainhead) has been removed."


@dataclass(frozen=True)
class Problem:
    """The first place the chain does not hold: the entry named (`seq`, `entry_id`, `at`;
    for entries missing at the end only `seq`, where they should be), what kind of break it
    is, and what exactly was found."""

    kind: str
    seq: int
    entry_id: int | None
    at: datetime | None
    what: str

    def __str__(self) -> str:
        where = f"seq {self.seq}"
        if self.entry_id is not None:
            where += f" (entry id {self.entry_id}"
            where += f", written {utc_iso(self.at)})" if self.at else ")"
        return f"Audit log broken at {where}: {self.kind}: {self.what}"


# Finds the entry that has a given hash: its (seq, id), or None. Only asked once the walk
# has found a break, to say what kind of break it is.
FindHash = Callable[[str], "tuple[int, int] | None"]
# Finds the entry at a seq: its (id, time), or None.
FindSeq = Callable[[int], "tuple[int, datetime] | None"]
# The chain head: the (seq, hash) of the last entry the application wrote.
Head = tuple[int, str]


class Walk:
    """Checks rows (mappings of ROW_FIELDS) in seq order, one at a time, keeping only what it
    needs of the entry before, so it holds one row, never the log. `check` returns the first
    Problem, after which the walk is over; `finish`, after the last row, checks the end of
    the log against the chain head.

    `first_seq` is where the walk starts and `prev_hash` the hash the entry there must chain
    to (GENESIS at seq 1). `head` is the chain head as read before the walk: the entry at
    its seq must be the one the application wrote, and the log must reach it."""

    def __init__(
        self,
        *,
        find_hash: FindHash,
        first_seq: int = 1,
        prev_hash: str = GENESIS,
        head: Head | None = None,
    ) -> None:
        self.find_hash = find_hash
        self.first_seq = first_seq
        self.head = head
        self.expected_seq = first_seq
        self.expected_prev = prev_hash
        self.count = 0
        self.last_seq: int | None = None
        self.last_hash = prev_hash
        self.last_at: datetime | None = None

    def check(self, row: Mapping[str, Any]) -> Problem | None:
        problem = self._problem(row)
        if problem is None:
            self.count += 1
            self.expected_seq = int(row["seq"]) + 1
            self.expected_prev = self.last_hash = str(row["entry_hash"])
            self.last_seq, self.last_at = int(row["seq"]), row["at"]
        return problem

    def _problem(self, row: Mapping[str, Any]) -> Problem | None:
        seq = int(row["seq"])

        def broken(kind: str, what: str) -> Problem:
            return Problem(kind, seq, int(row["id"]), row["at"], what)

        if seq < self.expected_seq:
            return broken(OUT_OF_ORDER, f"seq {seq} comes again after seq {self.expected_seq - 1}.")
        if seq > self.expected_seq:
            gap = (
                f"seq {self.expected_seq} is"
                if seq == self.expected_seq + 1
                else f"seqs {self.expected_seq} to {seq - 1} are"
            )
            return broken(ENTRY_MISSING, f"{gap} not in the log (this is the entry after the gap).")
        if entry_hash(row) != row["entry_hash"]:
            return broken(*self._why_hash_differs(row))
        for key, ref_field in REFERENCES:
            if row[key] is not None and ref(row[key]) != row[ref_field]:
                was = row[ref_field] or "none"
                return broken(
                    CONTENT_CHANGED, f"{key} is {row[key]} but the entry was written with {was}."
                )
        if row["prev_hash"] != self.expected_prev:
            return broken(*self._why_link_differs(row))
        if self.head is not None and seq == self.head[0] and row["entry_hash"] != self.head[1]:
            return broken(
                CONTENT_CHANGED,
                "it is not the entry the application wrote there (the chain head holds another "
                "hash): it was replaced, with a hash made to match.",
            )
        return None

    def _why_hash_differs(self, row: Mapping[str, Any]) -> tuple[str, str]:
        # A row moved to another seq no longer matches its hash (the seq is part of its
        # content) but still names the entry it was written after: when that entry is now
        # somewhere other than just before it, the row was moved.
        seq, prev = int(row["seq"]), str(row["prev_hash"])
        if prev == GENESIS and seq != 1:
            return OUT_OF_ORDER, f"it was written as the first entry, and now sits at seq {seq}."
        found = self.find_hash(prev) if prev != GENESIS else None
        if found is not None and found[0] != seq - 1:
            return (
                OUT_OF_ORDER,
                f"it was written right after the entry now at seq {found[0]} (id {found[1]}), "
                f"and now sits at seq {seq}.",
            )
        return CONTENT_CHANGED, "its stored hash does not match its content."

    def _why_link_differs(self, row: Mapping[str, Any]) -> tuple[str, str]:
        prev = str(row["prev_hash"])
        before = f"seq {self.expected_seq - 1}" if self.expected_seq > 1 else "the start"
        if prev == GENESIS:
            return OUT_OF_ORDER, f"it was written as the first entry but follows {before}."
        found = self.find_hash(prev)
        if found is not None:
            return (
                OUT_OF_ORDER,
                f"it was written right after the entry at seq {found[0]} (id {found[1]}), "
                f"not after {before}.",
            )
        return (
            ENTRY_MISSING,
            f"the entry it was written after is not in the log: the entry at {before} was "
            "changed and given a new hash, or replaced, or entries were removed and the later "
            "ones renumbered.",
        )

    def finish(self, head_after: Head | None, find_seq: FindSeq) -> Problem | None:
        """After the last row, with the chain head read again after the walk: an entry
        that the application can have written is at or below it, so one past it was added
        by someone else (the head read before the walk could be behind a write that
        committed meanwhile)."""
        end = self.last_seq if self.last_seq is not None else self.first_seq - 1
        if self.head is None and head_after is None:
            return Problem(ENTRY_MISSING, end, None, None, HEAD_MISSING) if end > 0 else None
        if self.head is not None and end < self.head[0]:
            return Problem(
                ENTRY_MISSING,
                end + 1,
                None,
                None,
                f"the log ends at seq {end} but the application had written up to seq "
                f"{self.head[0]}: the newest entries were removed.",
            )
        if head_after is not None and end > head_after[0]:
            seq = head_after[0] + 1
            found = find_seq(seq)
            entry_id, at = found if found is not None else (None, None)
            return Problem(
                ENTRY_ADDED,
                seq,
                entry_id,
                at,
                f"the application wrote up to seq {head_after[0]} (the chain head), so this "
                "entry and any after it were added behind its back.",
            )
        return None


# --- Chaining the entries written before the chain existed (migration audit 0002) ----------

CHAIN_FIELDS = ("seq", "prev_hash", "entry_hash", "actor_ref", "patient_ref", "clinic_ref")
# What chaining reads of each entry: its content but for what chaining sets.
SOURCE_FIELDS = ("id", *(f for f in CONTENT_FIELDS if f not in CHAIN_FIELDS))


def chain_existing(
    entries: type[Model], head: type[Model], *, batch_size: int = 2000, using: str = "default"
) -> int:
    """Chain every entry in (at, id) order, from GENESIS, and set the chain head to the last
    one: how an install that had a log before the chain gets one that verifies. Takes the
    models as arguments so the migration can pass its historical ones, and writes with plain
    UPDATEs, as the model refuses updates (and bulk_update builds its CASE expressions far
    too slowly for a large log). Reads a batch at a time (keyset pagination on (at, id)), so
    a large log never sits in memory. Returns how many entries it chained."""
    connection = connections[using]
    quote = connection.ops.quote_name
    # These fields are plain columns of the same names, as is the key, "id".
    assignments = ", ".join(f"{quote(name)} = %s" for name in CHAIN_FIELDS)
    table = quote(entries._meta.db_table)
    update = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
    rows = entries._base_manager.db_manager(using).order_by("at", "id")
    seq, prev, after = 0, GENESIS, None
    while True:
        page = (
            rows
            if after is None
            else rows.filter(at__gte=after[0]).exclude(at=after[0], id__lte=after[1])
        )
        chunk = list(page.values(*SOURCE_FIELDS, *(key for key, _ in REFERENCES))[:batch_size])
        if not chunk:
            break
        changes = []
        for entry in chunk:
            seq += 1
            entry["seq"], entry["prev_hash"] = seq, prev
            for key, ref_field in REFERENCES:
                entry[ref_field] = ref(entry[key])
            prev = entry["entry_hash"] = entry_hash(entry)
            changes.append([*(entry[f] for f in CHAIN_FIELDS), entry["id"]])
        with connection.cursor() as cursor:
            cursor.executemany(update, changes)
        after = (chunk[-1]["at"], chunk[-1]["id"])
    head._base_manager.db_manager(using).update_or_create(
        pk=1, defaults={"seq": seq, "entry_hash": prev}
    )
    return seq
