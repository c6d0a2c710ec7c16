"""Clinic admins opening, changing and deleting patient records in the Django admin are
audited like the pages and API; what they cannot see is neither shown nor recorded."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spinewise.accounts.models import Membership, Role, User
from spinewise.audit.models import AuditEntry
from spinewise.consultations.models import ConsultationRequest
from tests.factories import ClinicFactory, UserFactory, clinic_admin, clinician, patient
from tests.responses import Response

pytestmark = pytest.mark.django_db


def change_url(person: User) -> str:
    return reverse("admin:accounts_user_change", args=[person.pk])


def person_form(person: User, **changes: str) -> dict[str, str]:
    """What the admin's change form posts for a patient with one membership."""
    membership = person.memberships.get()
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "is_active": "on",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": str(membership.pk),
        "memberships-0-user": str(person.pk),
        "memberships-0-clinic": str(membership.clinic_id),
        "memberships-0-role": membership.role,
    }
    data.update(changes)
    return data


def test_opening_a_patients_record_in_the_admin_writes_a_view_naming_them(client: Client) -> None:
    here = ClinicFactory.create()
    admin, alice = clinic_admin(here), patient(here)
    client.force_login(admin)
    assert client.get(change_url(alice)).status_code == 200
    entry = AuditEntry.objects.get(action="view", object_type="User")
    assert (entry.actor, entry.patient, entry.clinic) == (admin, alice, here)
    assert entry.object_id == str(alice.pk)


def test_saving_a_patients_record_in_the_admin_writes_an_update_naming_them(client: Client) -> None:
    here = ClinicFactory.create()
    admin, alice = clinic_admin(here), patient(here)
    client.force_login(admin)
    response = client.post(change_url(alice), person_form(alice, full_name="Alice Smith"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="update")
    assert (entry.actor, entry.patient, entry.clinic) == (admin, alice, here)
    assert "full_name" in entry.detail


def test_a_save_the_admin_refuses_records_no_update(client: Client) -> None:
    here = ClinicFactory.create()
    alice = patient(here)
    client.force_login(clinic_admin(here))
    response = client.post(change_url(alice), person_form(alice, email="not an email"))
    assert response.status_code == 200  # the form again, with its error
    assert not AuditEntry.objects.filter(action="update").exists()


def test_adding_a_person_in_the_admin_writes_a_create_under_the_admins_clinic(
    client: Client,
) -> None:
    here = ClinicFactory.create()
    admin = clinic_admin(here)
    client.force_login(admin)
    form = {
        "email": "new@example.org",
        "full_name": "New Person",
        "usable_password": "true",
        "password1": "a-long-enough-pass-phrase",
        "password2": "a-long-enough-pass-phrase",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("admin:accounts_user_add"), form)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="create")
    assert (entry.actor, entry.clinic, entry.object_type) == (admin, here, "User")


def test_a_clinic_admin_cannot_open_another_clinics_patient_and_nothing_is_recorded(
    client: Client,
) -> None:
    here, there = ClinicFactory.create(), ClinicFactory.create()
    theirs = patient(there)
    client.force_login(clinic_admin(here))
    response = client.get(change_url(theirs))
    assert response.status_code == 302  # Django admin: "doesn't exist", back to the index
    assert response["Location"] == reverse("admin:index")
    assert not AuditEntry.objects.filter(patient=theirs).exists()
    assert not AuditEntry.objects.filter(object_id=str(theirs.pk)).exists()


def test_a_clinic_admin_cannot_change_another_clinics_patient_and_nothing_is_recorded(
    client: Client,
) -> None:
    here, there = ClinicFactory.create(), ClinicFactory.create()
    theirs = patient(there)
    client.force_login(clinic_admin(here))
    client.post(change_url(theirs), person_form(theirs, full_name="Changed"))
    theirs.refresh_from_db()
    assert theirs.full_name != "Changed"
    assert not AuditEntry.objects.filter(object_id=str(theirs.pk)).exists()


def test_a_list_page_writes_one_view_for_the_page_not_one_per_row(client: Client) -> None:
    here = ClinicFactory.create()
    for _ in range(3):
        patient(here)
    client.force_login(clinic_admin(here))
    client.get(reverse("admin:accounts_user_changelist"), {"q": "example.org"})
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id) == ("view", "User", "")
    assert entry.clinic == here
    assert "4 shown" in entry.detail  # three patients and the admin
    assert "search 'example.org'" in entry.detail


def test_opening_a_call_request_names_its_patient_and_clinic(client: Client) -> None:
    here = ClinicFactory.create()
    admin, alice = clinic_admin(here), patient(here)
    call = ConsultationRequest.objects.create(
        clinic=here, patient=alice, name="Alice", phone="+442079460999", due_at=timezone.now()
    )
    client.force_login(admin)
    url = reverse("admin:consultations_consultationrequest_change", args=[call.pk])
    assert client.get(url).status_code == 200
    entry = AuditEntry.objects.get(action="view")
    assert (entry.object_type, entry.patient, entry.clinic) == ("ConsultationRequest", alice, here)


def test_opening_a_clinicians_record_files_it_under_the_clinic_with_no_patient(
    client: Client,
) -> None:
    here = ClinicFactory.create()
    doctor = clinician(here)
    client.force_login(clinic_admin(here))
    client.get(change_url(doctor))
    entry = AuditEntry.objects.get(action="view")
    assert (entry.patient, entry.clinic) == (None, here)


def test_deleting_a_patients_membership_writes_a_delete_naming_them(client: Client) -> None:
    here = ClinicFactory.create()
    admin, alice = clinic_admin(here), patient(here)
    membership = alice.memberships.get()
    client.force_login(admin)
    url = reverse("admin:accounts_membership_delete", args=[membership.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    entry = AuditEntry.objects.get(action="delete")
    assert (entry.actor, entry.patient, entry.clinic) == (admin, alice, here)
    assert (entry.object_type, entry.object_id) == ("Membership", str(membership.pk))


def test_deleting_several_rows_at_once_writes_a_delete_for_each(client: Client) -> None:
    here = ClinicFactory.create()
    people = [patient(here), patient(here)]
    chosen = Membership.objects.filter(user__in=people)
    client.force_login(clinic_admin(here))
    client.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [m.pk for m in chosen], "post": "yes"},
    )
    assert not Membership.objects.filter(user__in=people).exists()
    deleted = AuditEntry.objects.filter(action="delete")
    assert {e.patient for e in deleted} == set(people)


def test_deleting_a_patient_keeps_the_delete_entry_with_their_id(client: Client) -> None:
    here = ClinicFactory.create()
    alice = patient(here)
    alice_id = alice.pk
    client.force_login(clinic_admin(here))
    url = reverse("admin:accounts_user_delete", args=[alice_id])
    assert client.post(url, {"post": "yes"}).status_code == 302
    entry = AuditEntry.objects.get(action="delete")
    assert (entry.object_type, entry.object_id, entry.clinic) == ("User", str(alice_id), here)


def test_a_superusers_admin_access_is_recorded_too(client: Client) -> None:
    here = ClinicFactory.create()
    alice = patient(here)
    root = UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(root)
    client.get(change_url(alice))
    entry = AuditEntry.objects.get(action="view")
    assert (entry.actor, entry.patient, entry.clinic) == (root, alice, here)


def test_reading_the_audit_log_in_the_admin_adds_nothing_to_it(client: Client) -> None:
    here = ClinicFactory.create()
    entry = AuditEntry.objects.create(action="view", object_type="Mine", clinic=here)
    client.force_login(clinic_admin(here))
    client.get(reverse("admin:audit_auditentry_changelist"))
    client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert AuditEntry.objects.count() == 1


def test_clinic_admin_cannot_delete_audit_entries_in_the_admin(client: Client) -> None:
    here = ClinicFactory.create()
    entry = AuditEntry.objects.create(action="view", object_type="Mine", clinic=here)
    client.force_login(clinic_admin(here))
    response = client.post(
        reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_opening_a_patients_history_in_the_admin_writes_a_view_naming_them(client: Client) -> None:
    here = ClinicFactory.create()
    admin, alice = clinic_admin(here), patient(here)
    client.force_login(admin)
    response = client.get(reverse("admin:accounts_user_history", args=[alice.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.patient, entry.clinic) == ("view", admin, alice, here)
    assert (entry.object_type, entry.object_id) == ("User", str(alice.pk))
    assert entry.detail == "admin: history"


def test_a_clinic_admin_cannot_open_another_clinics_patients_history_and_nothing_is_recorded(
    client: Client,
) -> None:
    here, there = ClinicFactory.create(), ClinicFactory.create()
    theirs = patient(there)
    client.force_login(clinic_admin(here))
    response = client.get(reverse("admin:accounts_user_history", args=[theirs.pk]))
    assert response.status_code == 302
    assert not AuditEntry.objects.exists()


def test_opening_the_delete_confirmation_page_writes_a_view_naming_the_patient(
    client: Client,
) -> None:
    here = ClinicFactory.create()
    admin, alice = clinic_admin(here), patient(here)
    membership = alice.memberships.get()
    client.force_login(admin)
    url = reverse("admin:accounts_membership_delete", args=[membership.pk])
    assert client.get(url).status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.patient, entry.clinic) == ("view", admin, alice, here)
    assert (entry.object_type, entry.object_id) == ("Membership", str(membership.pk))
    assert entry.detail == "admin: delete confirmation"


def test_confirming_a_delete_writes_the_delete_and_no_view(client: Client) -> None:
    here = ClinicFactory.create()
    membership = patient(here).memberships.get()
    client.force_login(clinic_admin(here))
    url = reverse("admin:accounts_membership_delete", args=[membership.pk])
    client.post(url, {"post": "yes"})
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["delete"]


def test_a_clinic_admin_cannot_open_another_clinics_delete_page_and_nothing_is_recorded(
    client: Client,
) -> None:
    here, there = ClinicFactory.create(), ClinicFactory.create()
    membership = patient(there).memberships.get()
    client.force_login(clinic_admin(here))
    response = client.get(reverse("admin:accounts_membership_delete", args=[membership.pk]))
    assert response.status_code == 302
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEntry.objects.exists()


def autocomplete(client: Client, term: str) -> Response:
    """The lookup the membership form's person field makes as the admin types."""
    params = {
        "app_label": "accounts",
        "model_name": "membership",
        "field_name": "user",
        "term": term,
    }
    return client.get(reverse("admin:autocomplete"), params)


def test_an_autocomplete_lookup_writes_one_view_with_the_result_count_and_not_the_term(
    client: Client,
) -> None:
    here = ClinicFactory.create()
    admin = clinic_admin(here)
    patient(here, full_name="Alice Jones")
    patient(here, full_name="Alison Brown")
    client.force_login(admin)
    response = autocomplete(client, "Ali")
    assert len(response.json()["results"]) == 2
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.clinic) == ("view", admin, here)
    assert (entry.object_type, entry.object_id, entry.patient) == ("User", "", None)
    assert entry.detail == "admin: autocomplete, 2 results, 3-character term"
    assert "Ali" not in entry.detail


def test_an_autocomplete_lookup_counts_only_the_admins_own_clinics_people(client: Client) -> None:
    here, there = ClinicFactory.create(), ClinicFactory.create()
    patient(here, full_name="Alice Jones")
    patient(there, full_name="Alice Smith")
    client.force_login(clinic_admin(here))
    response = autocomplete(client, "Alice")
    assert len(response.json()["results"]) == 1
    assert AuditEntry.objects.get().detail.startswith("admin: autocomplete, 1 results")


def test_an_admin_of_two_clinics_files_an_autocomplete_lookup_under_neither(client: Client) -> None:
    here, there = ClinicFactory.create(), ClinicFactory.create()
    admin = clinic_admin(here)
    Membership.objects.create(user=admin, clinic=there, role=Role.CLINIC_ADMIN)
    client.force_login(admin)
    autocomplete(client, "")
    assert AuditEntry.objects.get().clinic is None


def test_a_refused_autocomplete_lookup_records_nothing(client: Client) -> None:
    here = ClinicFactory.create()
    client.force_login(clinic_admin(here))
    params = {"app_label": "accounts", "model_name": "membership", "field_name": "nope"}
    assert client.get(reverse("admin:autocomplete"), params).status_code == 403
    assert not AuditEntry.objects.exists()
