import pytest

from spinewise.accounts import access
from spinewise.audit.models import AuditEntry
from spinewise.errors import NotFound
from tests.factories import ClinicFactory, UserFactory, clinician, patient, staff

pytestmark = pytest.mark.django_db


def test_patient_sees_only_themselves() -> None:
    clinic = ClinicFactory.create()
    alice, bob = patient(clinic), patient(clinic)
    assert list(access.patients_visible_to(alice)) == [alice]
    with pytest.raises(NotFound):
        access.get_patient(alice, bob.pk)


def test_clinician_sees_own_clinics_patients() -> None:
    clinic = ClinicFactory.create()
    alice = patient(clinic)
    assert access.get_patient(clinician(clinic), alice.pk) == alice


def test_clinician_of_another_clinic_gets_404() -> None:
    alice = patient(ClinicFactory.create())
    with pytest.raises(NotFound):
        access.get_patient(clinician(ClinicFactory.create()), alice.pk)


def test_staff_see_their_clinics_patients_but_not_clinical_records() -> None:
    clinic = ClinicFactory.create()
    alice = patient(clinic)
    desk = staff(clinic)
    assert access.get_patient(desk, alice.pk) == alice
    # Audit entries stand in for any record with `patient` and `clinic` fields.
    entry = AuditEntry.objects.create(
        action="view", object_type="Note", patient=alice, clinic=clinic
    )
    assert not access.scope_patient_records(AuditEntry.objects.all(), desk).exists()
    assert (
        access.scope_patient_records(AuditEntry.objects.all(), desk, clinical=False).get() == entry
    )


def test_scoped_records_hide_another_patients_records() -> None:
    clinic = ClinicFactory.create()
    alice, bob = patient(clinic), patient(clinic)
    AuditEntry.objects.create(action="view", object_type="Note", patient=bob, clinic=clinic)
    assert not access.scope_patient_records(AuditEntry.objects.all(), alice).exists()


def test_scoped_records_hide_another_clinics_records() -> None:
    here, there = ClinicFactory.create(), ClinicFactory.create()
    AuditEntry.objects.create(
        action="view", object_type="Note", patient=patient(there), clinic=there
    )
    assert not access.scope_patient_records(AuditEntry.objects.all(), clinician(here)).exists()


def test_user_without_membership_sees_nobody() -> None:
    patient(ClinicFactory.create())
    assert not access.patients_visible_to(UserFactory.create()).exists()


def test_inactive_clinician_sees_nobody() -> None:
    clinic = ClinicFactory.create()
    patient(clinic)
    doctor = clinician(clinic)
    doctor.is_active = False
    doctor.save()
    assert not access.patients_visible_to(doctor).exists()


def test_get_patient_record_raises_404_outside_scope() -> None:
    clinic = ClinicFactory.create()
    entry = AuditEntry.objects.create(
        action="view", object_type="Note", patient=patient(clinic), clinic=clinic
    )
    with pytest.raises(NotFound):
        access.get_patient_record(
            AuditEntry.objects.all(), clinician(ClinicFactory.create()), entry.pk
        )
