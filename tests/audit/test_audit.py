import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from spinewise.audit.models import Action, AuditEntry
from spinewise.audit.services import record
from spinewise.web.client import client_address
from tests.factories import ClinicFactory, clinic_admin, clinician, patient

pytestmark = pytest.mark.django_db


def test_record_stores_who_what_when_and_where() -> None:
    clinic = ClinicFactory.create()
    doctor, alice = clinician(clinic), patient(clinic)
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    address = client_address(request)
    entry = record(Action.VIEW, alice, by=doctor, address=address, patient=alice, clinic=clinic)
    assert (entry.actor, entry.actor_email, entry.action) == (doctor, doctor.email, "view")
    assert (entry.object_type, entry.object_id) == ("User", str(alice.pk))
    assert entry.ip_address == "203.0.113.9"
    assert entry.at is not None


def test_entries_cannot_be_changed() -> None:
    entry = AuditEntry.objects.create(action="view", object_type="Note")
    entry.detail = "tampered"
    with pytest.raises(PermissionError):
        entry.save()


def test_entries_cannot_be_deleted_one_by_one_or_in_bulk() -> None:
    entry = AuditEntry.objects.create(action="view", object_type="Note")
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(detail="x")


def test_clinic_admin_sees_own_clinics_audit_log_only(client: Client) -> None:
    here, there = ClinicFactory.create(), ClinicFactory.create()
    AuditEntry.objects.create(action="view", object_type="Mine", clinic=here)
    AuditEntry.objects.create(action="view", object_type="Theirs", clinic=there)
    client.force_login(clinic_admin(here))
    page = client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert "Mine" in page
    assert "Theirs" not in page


def test_clinic_admin_cannot_edit_audit_entries(client: Client) -> None:
    here = ClinicFactory.create()
    entry = AuditEntry.objects.create(action="view", object_type="Mine", clinic=here)
    client.force_login(clinic_admin(here))
    url = reverse("admin:audit_auditentry_change", args=[entry.pk])
    client.post(url, {"detail": "tampered"})
    entry.refresh_from_db()
    assert entry.detail == ""


def test_clinician_cannot_open_the_admin(client: Client) -> None:
    client.force_login(clinician(ClinicFactory.create()))
    response = client.get(reverse("admin:audit_auditentry_changelist"))
    assert response.status_code == 302  # sent to the admin sign-in


def test_clinic_admin_sees_only_own_clinics_people(client: Client) -> None:
    here, there = ClinicFactory.create(), ClinicFactory.create()
    mine, theirs = patient(here), patient(there)
    client.force_login(clinic_admin(here))
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert mine.email in page
    assert theirs.email not in page
