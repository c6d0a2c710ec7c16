"""`manage.py verify_audit`: walk the audit log's hash chain and say whether it holds.

Exit status 0 when every entry checks out ("Audit log intact: …"), 1 with the first broken
entry named (its seq, id, time and what is wrong) when one does not, 2 for a mistake in the
options. The verdict goes to stdout when the log is intact, and to stderr when it is not.
docs/security.md, "The audit log", says what the check proves and what it does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import nullcontext
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from spinewise.audit import chain
from spinewise.audit.models import HEAD_ID, AuditChainHead, AuditEntry

HEX = re.compile(r"[0-9a-f]{12,64}")
PROGRESS_EVERY = 100_000


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain: every entry unchanged, none missing, none moved "
        "or added behind the application's back. Exit status 0 when it holds, 1 naming the "
        "first broken entry when it does not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since-seq",
            type=int,
            default=1,
            metavar="SEQ",
            help="Start at this entry (trusting the ones before it) instead of the first.",
        )
        parser.add_argument(
            "--expect",
            metavar="HASH",
            help=(
                "A chain head kept off the server earlier (its full hash, or at least its "
                "first 12 characters): fail unless the log still holds that entry, unchanged, "
                "with the chain up to it intact."
            ),
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=2000,
            help="Entries read from the database at a time (default 2000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity: int = options["verbosity"]
        since: int = options["since_seq"]
        chunk_size: int = options["chunk_size"]
        expect = (options["expect"] or "").strip().lower() or None
        if since < 1 or chunk_size < 1:
            raise CommandError("--since-seq and --chunk-size must be 1 or more.", returncode=2)
        if expect is not None and not HEX.fullmatch(expect):
            raise CommandError(
                "--expect takes a hash: 12 to 64 of the characters 0-9 and a-f.", returncode=2
            )
        # On PostgreSQL, in a transaction, so the rows come through a server-side cursor a
        # chunk at a time (outside one, the cursor would be kept WITH HOLD, copied whole on
        # the server). Not on SQLite: there a transaction would hold the write lock.
        reading = transaction.atomic() if connection.vendor == "postgresql" else nullcontext()
        with reading:
            walk, problem, seen = self._walk(since, chunk_size, expect)
        if problem is not None:
            raise CommandError(f"{problem}\n{walk.count} entries before it checked out.")
        if expect is not None and seen is None:
            raise CommandError(
                f"The chain does not hold the head you kept ({expect}): the log was rewritten "
                "or cut back to before it (or that entry is before --since-seq)."
            )
        self._report(walk, since, expect, seen)

    def _walk(
        self, since: int, chunk_size: int, expect: str | None
    ) -> tuple[chain.Walk, chain.Problem | None, int | None]:
        head_before = _head()
        prev_hash = chain.GENESIS
        if since > 1:
            before = _entry_at(since - 1)
            if before is None:
                walk = chain.Walk(find_hash=_find_hash, first_seq=since)
                missing = f"seq {since - 1}, the entry before --since-seq, is not in the log."
                return (
                    walk,
                    chain.Problem(chain.ENTRY_MISSING, since - 1, None, None, missing),
                    None,
                )
            prev_hash = before
        walk = chain.Walk(
            find_hash=_find_hash, first_seq=since, prev_hash=prev_hash, head=head_before
        )
        rows: Iterator[Mapping[str, Any]] = (
            AuditEntry.objects.filter(seq__gte=since)
            .order_by("seq")
            .values(*chain.ROW_FIELDS)
            .iterator(chunk_size=chunk_size)
        )
        seen: int | None = None
        for row in rows:
            problem = walk.check(row)
            if problem is not None:
                return walk, problem, seen
            if expect is not None and seen is None and str(row["entry_hash"]).startswith(expect):
                seen = int(row["seq"])
            if walk.count % PROGRESS_EVERY == 0 and self.verbosity >= 2:
                self.stdout.write(f"… {walk.count} entries checked, up to seq {row['seq']}")
        return walk, walk.finish(_head(), _find_seq), seen

    def _report(self, walk: chain.Walk, since: int, expect: str | None, seen: int | None) -> None:
        entries = f"{walk.count} {'entry' if walk.count == 1 else 'entries'}"
        entries += f" from seq {since}" if since > 1 else ""
        self.stdout.write(f"Audit log intact: {entries}, chain head {walk.last_hash[:12]}")
        if walk.last_seq is not None and walk.last_at is not None:
            written = chain.utc_iso(walk.last_at)
            self.stdout.write(
                f"Chain head: seq {walk.last_seq}, written {written}, hash {walk.last_hash}"
            )
        if expect is not None and seen is not None:
            self.stdout.write(
                f"The head you kept ({expect[:12]}) is the entry at seq {seen}: the log up to "
                "it is as it was then."
            )


def _head() -> chain.Head | None:
    return AuditChainHead.objects.filter(pk=HEAD_ID).values_list("seq", "entry_hash").first()


def _entry_at(seq: int) -> str | None:
    return AuditEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first()


def _find_hash(entry_hash: str) -> tuple[int, int] | None:
    return AuditEntry.objects.filter(entry_hash=entry_hash).values_list("seq", "id").first()


def _find_seq(seq: int) -> tuple[int, datetime] | None:
    return AuditEntry.objects.filter(seq=seq).values_list("id", "at").first()
