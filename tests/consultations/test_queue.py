"""Queue rules: attempts, automatic closing, overdue, order, history and audit."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django import Settings

from spinewise.accounts.models import Clinic, User
from spinewise.audit.models import AuditEntry
from spinewise.consultations import queue
from spinewise.consultations.models import ConsultationRequest
from spinewise.errors import InvalidInput
from tests.consultations.helpers import make_request
from tests.factories import ClinicFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic() -> Clinic:
    return ClinicFactory.create()


@pytest.fixture
def desk(clinic: Clinic) -> User:
    return staff(clinic)


def test_three_unanswered_calls_close_the_request_as_no_answer(clinic: Clinic, desk: User) -> None:
    consultation = make_request(clinic)
    for _ in range(3):
        consultation = queue.record_attempt(
            consultation.public_id, by=desk, outcome="no_answer", address=None
        )
    assert (consultation.status, consultation.closed_reason) == ("closed", "no_answer")
    assert consultation.resolved_at is not None
    last = consultation.history.last()
    assert last is not None
    assert last.note.startswith("Closed by itself after 3 calls")


def test_two_unanswered_calls_leave_the_request_open(clinic: Clinic, desk: User) -> None:
    consultation = make_request(clinic)
    for _ in range(2):
        consultation = queue.record_attempt(
            consultation.public_id, by=desk, outcome="left_message", address=None
        )
    assert consultation.status == "attempted"


def test_a_request_where_we_once_reached_the_person_never_closes_by_itself(
    clinic: Clinic, desk: User
) -> None:
    consultation = make_request(clinic)
    consultation = queue.record_attempt(
        consultation.public_id, by=desk, outcome="reached", address=None
    )
    for _ in range(3):
        consultation = queue.record_attempt(
            consultation.public_id, by=desk, outcome="no_answer", address=None
        )
    assert consultation.is_open


def test_the_number_of_calls_before_closing_is_a_setting(
    clinic: Clinic, desk: User, settings: Settings
) -> None:
    settings.CONSULTATION_MAX_ATTEMPTS = 1
    consultation = queue.record_attempt(
        make_request(clinic).public_id, by=desk, outcome="no_answer", address=None
    )
    assert consultation.status == "closed"


def test_a_booked_request_is_overdue_only_once_its_booked_time_passes(
    clinic: Clinic, desk: User
) -> None:
    consultation = make_request(clinic)
    ConsultationRequest.objects.filter(pk=consultation.pk).update(
        due_at=timezone.now() - timedelta(hours=3)
    )
    consultation = queue.schedule(
        consultation.public_id, by=desk, when=timezone.now() + timedelta(hours=1), address=None
    )
    assert not queue.is_overdue(consultation)
    assert queue.is_overdue(consultation, now=timezone.now() + timedelta(hours=2))


def test_finished_requests_are_never_overdue(clinic: Clinic, desk: User) -> None:
    consultation = queue.complete(make_request(clinic).public_id, by=desk, address=None)
    assert not queue.is_overdue(consultation, now=timezone.now() + timedelta(days=30))


def test_open_requests_come_before_finished_ones_in_the_full_list(
    clinic: Clinic, desk: User
) -> None:
    done = queue.complete(make_request(clinic).public_id, by=desk, address=None)
    waiting = make_request(clinic)
    rows = queue.queue(desk, queue.Filters(status="all"))
    assert [row.pk for row in rows] == [waiting.pk, done.pk]


def test_the_soonest_due_comes_first_among_equals(clinic: Clinic, desk: User) -> None:
    later, sooner = make_request(clinic), make_request(clinic)
    ConsultationRequest.objects.filter(pk=sooner.pk).update(due_at=timezone.now())
    rows = queue.queue(desk, queue.Filters())
    assert [row.pk for row in rows] == [sooner.pk, later.pk]


def test_given_to_me_shows_only_my_requests(clinic: Clinic, desk: User) -> None:
    mine = queue.assign(make_request(clinic).public_id, by=desk, assignee=desk, address=None)
    make_request(clinic)
    rows = queue.queue(desk, queue.Filters(mine=True))
    assert [row.pk for row in rows] == [mine.pk]


def test_the_summary_counts_open_overdue_and_urgent_requests(clinic: Clinic, desk: User) -> None:
    late = make_request(clinic)
    ConsultationRequest.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - timedelta(minutes=5), urgency="urgent"
    )
    make_request(clinic)
    queue.complete(make_request(clinic).public_id, by=desk, address=None)
    assert queue.summary(desk) == {"open": 2, "overdue": 1, "urgent": 1}


def test_every_change_is_written_to_the_history_and_the_audit_log(
    clinic: Clinic, desk: User
) -> None:
    consultation = make_request(clinic)
    queue.add_note(consultation.public_id, by=desk, note="Asked for a female physio.", address=None)
    assert consultation.history.get().note == "Asked for a female physio."
    entry = AuditEntry.objects.get(object_type="ConsultationRequest")
    assert (entry.actor, entry.action, entry.detail) == (desk, "update", "note")


def test_a_note_over_1000_characters_is_refused(clinic: Clinic, desk: User) -> None:
    with pytest.raises(InvalidInput, match="1000 characters"):
        queue.add_note(make_request(clinic).public_id, by=desk, note="x" * 1001, address=None)


def test_filters_from_a_query_string_ignore_unknown_values() -> None:
    filters = queue.Filters.from_params({"status": "drop table", "urgency": "??", "mine": "yes"})
    assert filters == queue.Filters(status="open", urgency="", mine=True)
