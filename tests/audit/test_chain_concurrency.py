"""Audit entries written at the same moment, from many connections, as gunicorn's workers
would: the chain head's lock puts them in single file, so none takes the entry before it
that another one took. On SQLite and on PostgreSQL (tests/concurrency/burst.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from spinewise.audit import chain
from spinewise.audit.models import AuditEntry
from spinewise.audit.services import record
from tests.concurrency.burst import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 20


def write_in_a_transaction(i: int) -> int:
    # As a service does: its own work first, then the entry, last, in one transaction.
    with transaction.atomic():
        return record("view", "Note", by=None, address=f"203.0.113.{i}", detail=f"writer {i}").seq


def test_twenty_writers_at_once_get_twenty_consecutive_seqs_that_verify() -> None:
    results = run_at_once(WRITERS, write_in_a_transaction)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert sorted(r for r in results if isinstance(r, int)) == list(range(1, WRITERS + 1))
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith(f"Audit log intact: {WRITERS} entries")


def test_writers_at_once_each_chain_to_a_different_entry() -> None:
    run_at_once(WRITERS, write_in_a_transaction)
    links = list(AuditEntry.objects.order_by("seq").values_list("prev_hash", "entry_hash"))
    assert len({prev for prev, _ in links}) == WRITERS
    assert [prev for prev, _ in links] == [chain.GENESIS, *(own for _, own in links[:-1])]
