"""The people list in the admin, as a clinic admin sees it."""

import pytest
from django.test import Client

from spinewise.accounts.models import Membership, Role
from tests.factories import ClinicFactory, UserFactory, clinic_admin, patient

pytestmark = pytest.mark.django_db


def test_a_person_with_two_roles_is_listed_once(client: Client) -> None:
    clinic = ClinicFactory.create()
    client.force_login(clinic_admin(clinic))
    person = patient(clinic, full_name="Two Roles")
    Membership.objects.create(user=person, clinic=clinic, role=Role.STAFF)
    page = client.get("/admin/accounts/user/", {"q": "Two Roles"}).content.decode()
    assert page.count(f"/admin/accounts/user/{person.pk}/change/") == 1


def test_a_person_without_a_clinic_yet_is_listed_so_the_admin_can_finish_adding_them(
    client: Client,
) -> None:
    client.force_login(clinic_admin(ClinicFactory.create()))
    newcomer = UserFactory.create(full_name="Just Added")
    page = client.get("/admin/accounts/user/").content.decode()
    assert f"/admin/accounts/user/{newcomer.pk}/change/" in page


def test_another_clinics_people_are_not_listed(client: Client) -> None:
    client.force_login(clinic_admin(ClinicFactory.create()))
    outsider = patient(ClinicFactory.create())
    page = client.get("/admin/accounts/user/").content.decode()
    assert f"/admin/accounts/user/{outsider.pk}/change/" not in page
