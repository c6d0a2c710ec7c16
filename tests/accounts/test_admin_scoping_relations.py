"""Relation fields in the admin offer and accept only the admin's own clinic's records.

The first tests are generated over the admin registry: every ForeignKey, OneToOne and
ManyToMany of every registered ModelAdmin and inline, its id box and its autocomplete
lookup, checked against one clinic-B record of each kind. The rest are the probe's
regression: clinic B's people posted into a call request's patient and assignee fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.db.models import ForeignKey, Model, Q
from django.db.models.fields.related import RelatedField
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse

from spinewise.accounts.models import ApiToken, Clinic, Membership, User
from spinewise.accounts.tokens import create_token
from spinewise.audit.models import AuditEntry
from spinewise.audit.services import record
from spinewise.consultations.models import ConsultationRequest, QueueNote
from spinewise.programmes.models import ProgrammeExercise
from tests.consultations.helpers import make_request
from tests.factories import ClinicFactory, UserFactory, clinic_admin, clinician, staff
from tests.programmes.helpers import programme_for
from tests.responses import Response

pytestmark = pytest.mark.django_db

# Kinds that belong to no clinic: every admin may be offered them.
NO_CLINIC = frozenset({"auth.group", "auth.permission", "exercises.exercise"})
# How a record without a `clinic` field of its own belongs to one.
CLINIC_OF: dict[type[Model], str] = {
    Clinic: "pk",
    User: "memberships__clinic",
    ApiToken: "user__memberships__clinic",
    QueueNote: "request__clinic",
    ProgrammeExercise: "programme__clinic",
}

Row = tuple[str, object]  # (model label, pk)


@dataclass(frozen=True)
class Relation:
    """One relation field as one admin (a ModelAdmin, or an inline of one) shows it."""

    registered: type[Model]
    inline: type[InlineModelAdmin[Any, Any]] | None
    field: str

    @property
    def holder(self) -> BaseModelAdmin[Any]:
        model_admin = admin.site.get_model_admin(self.registered)
        if self.inline is None:
            return model_admin
        return self.inline(self.registered, admin.site)

    @property
    def db_field(self) -> RelatedField[Any, Any]:
        field = self.holder.model._meta.get_field(self.field)
        assert isinstance(field, RelatedField)
        return field

    def __str__(self) -> str:
        holder = self.inline or type(admin.site.get_model_admin(self.registered))
        return f"{holder.__name__}.{self.field}"


def relations() -> list[Relation]:
    found = []
    for registered, model_admin in admin.site._registry.items():
        holders: list[tuple[type[Model], type[InlineModelAdmin[Any, Any]] | None]] = [
            (registered, None),
            *((inline.model, inline) for inline in model_admin.inlines),
        ]
        for model, inline in holders:
            for field in model._meta.get_fields():
                if field.concrete and isinstance(field, RelatedField):
                    found.append(Relation(registered, inline, field.name))
    return found


RELATIONS = relations()
POPUP = {"_to_field": "id", "_popup": "1"}  # the list an id box's magnifier opens
RAW_ID = [relation for relation in RELATIONS if relation.field in relation.holder.raw_id_fields]


@dataclass
class TwoClinics:
    admin: User  # clinic A's admin
    here: Clinic
    there: Clinic
    ours: set[Row]  # every clinic-A record
    theirs: set[Row]  # every clinic-B record
    their_patient: User
    their_staff: User


def clinic_of(model: type[Model]) -> str | None:
    if model in CLINIC_OF:
        return CLINIC_OF[model]
    field = next((f for f in model._meta.concrete_fields if f.name == "clinic"), None)
    return "clinic" if isinstance(field, ForeignKey) else None


def rows_of(clinic: Clinic) -> set[Row]:
    rows: set[Row] = set()
    for model in apps.get_models():
        path = clinic_of(model)
        if path is not None:
            pks = model._default_manager.filter(Q(**{path: clinic.pk})).values_list("pk", flat=True)
            rows |= {(model._meta.label_lower, pk) for pk in pks}
    return rows


def populate(clinic: Clinic) -> tuple[User, User]:
    """One of each kind of record at `clinic`; returns its patient and its staff member."""
    programme = programme_for(clinic)
    person, desk = programme.patient, staff(clinic)
    clinician(clinic)
    consultation = make_request(clinic, name="Ann Example")
    ConsultationRequest.objects.filter(pk=consultation.pk).update(patient=person, assigned_to=desk)
    QueueNote.objects.create(request=consultation, kind=QueueNote.Kind.NOTE, author=desk)
    create_token(desk, "Reports")
    record("view", person, by=desk, address=None, patient=person, clinic=clinic)
    return person, desk


@pytest.fixture
def two() -> TwoClinics:
    here, there = ClinicFactory.create(), ClinicFactory.create()
    admin_user = clinic_admin(here)
    populate(here)
    their_patient, their_staff = populate(there)
    clinic_admin(there)
    return TwoClinics(
        admin_user, here, there, rows_of(here), rows_of(there), their_patient, their_staff
    )


def as_admin(person: User) -> HttpRequest:
    request = RequestFactory().get("/admin/")
    request.user = person
    return request


def offered(relation: Relation, request: HttpRequest) -> set[Row] | None:
    formfield = relation.holder.formfield_for_dbfield(relation.db_field, request)
    if formfield is None:  # a ManyToMany through a model of its own: no field
        return None
    assert isinstance(formfield, ModelChoiceField)  # ModelMultipleChoiceField is one too
    assert formfield.queryset is not None
    label = relation.db_field.related_model._meta.label_lower
    return {(label, pk) for pk in formfield.queryset.values_list("pk", flat=True)}


def test_the_registry_has_relation_fields_to_check() -> None:
    assert {"ConsultationRequestAdmin.patient", "ConsultationRequestAdmin.assigned_to"} <= {
        str(relation) for relation in RELATIONS
    }


@pytest.mark.parametrize("relation", RELATIONS, ids=str)
def test_two_clinics_hold_a_record_of_the_kind_each_relation_field_offers(
    relation: Relation, two: TwoClinics
) -> None:
    # Otherwise the next test would pass for want of a clinic-B record to leak.
    label = relation.db_field.related_model._meta.label_lower
    if label not in NO_CLINIC:
        assert any(kind == label for kind, _ in two.theirs)
        assert any(kind == label for kind, _ in two.ours)


@pytest.mark.parametrize("relation", RELATIONS, ids=str)
def test_a_relation_field_offers_a_clinic_admin_none_of_another_clinics_records(
    relation: Relation, two: TwoClinics
) -> None:
    choices = offered(relation, as_admin(two.admin))
    assert not (choices or set()) & two.theirs


@pytest.mark.parametrize("relation", RAW_ID, ids=str)
def test_an_id_box_names_none_of_another_clinics_records(
    relation: Relation, two: TwoClinics
) -> None:
    formfield = relation.holder.formfield_for_dbfield(relation.db_field, as_admin(two.admin))
    assert formfield is not None
    widget = formfield.widget
    assert isinstance(widget, ForeignKeyRawIdWidget)
    label = relation.db_field.related_model._meta.label_lower
    theirs = [pk for kind, pk in two.theirs if kind == label]
    assert theirs
    assert all(widget.label_and_url_for_value(pk) == ("", "") for pk in theirs)


def autocomplete_results(client: Client, relation: Relation) -> set[Row] | None:
    model = relation.holder.model
    params = {
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name or "",
        "field_name": relation.field,
        "term": "",
    }
    response = client.get(reverse("admin:autocomplete"), params)
    if response.status_code in (403, 404):  # no admin, or no search, for the target
        return None
    assert response.status_code == 200
    label = relation.db_field.related_model._meta.label_lower
    found: set[Row] = set()
    for result in response.json()["results"]:
        found.add((label, int(result["id"])))
    return found


@pytest.mark.parametrize("relation", RELATIONS, ids=str)
def test_an_autocomplete_lookup_finds_none_of_another_clinics_records(
    relation: Relation, two: TwoClinics, client: Client
) -> None:
    client.force_login(two.admin)
    found = autocomplete_results(client, relation)
    assert not (found or set()) & two.theirs


def test_the_people_lookup_behind_an_id_box_lists_none_of_another_clinics_people(
    two: TwoClinics, client: Client
) -> None:
    client.force_login(two.admin)
    page = client.get(reverse("admin:accounts_user_changelist"), POPUP)
    assert page.status_code == 200
    listed = {person.pk for person in page.context["cl"].result_list}
    assert listed
    assert not {("accounts.user", pk) for pk in listed} & two.theirs


def test_the_people_lookup_behind_an_id_box_leaves_out_someone_at_no_clinic(
    two: TwoClinics, client: Client
) -> None:
    nobody = UserFactory.create()
    client.force_login(two.admin)
    page = client.get(reverse("admin:accounts_user_changelist"), POPUP)
    assert nobody not in page.context["cl"].result_list


def test_a_clinic_admin_is_offered_their_own_clinics_patient(two: TwoClinics) -> None:
    relation = Relation(ConsultationRequest, None, "patient")
    patients = {("accounts.user", pk) for kind, pk in two.ours if kind == "accounts.user"}
    assert patients <= (offered(relation, as_admin(two.admin)) or set())


def test_a_superuser_is_offered_every_clinics_people(two: TwoClinics) -> None:
    superuser = UserFactory.create(is_staff=True, is_superuser=True)
    relation = Relation(ConsultationRequest, None, "patient")
    choices = offered(relation, as_admin(superuser)) or set()
    assert ("accounts.user", two.their_patient.pk) in choices


# --- The probe's case: clinic B's people typed into a call request's id boxes. ---------


class FormReader(HTMLParser):
    """What a browser would post from the admin's change form, as it was rendered."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = attr.get("id") == self.form_id
        if not self.inside:
            return
        name = attr.get("name")
        if tag == "input" and name and attr.get("type") not in ("submit", "button", "file"):
            if attr.get("type") in ("checkbox", "radio"):
                if "checked" in attr:
                    self.data[name] = attr.get("value") or "on"
            else:
                self.data[name] = attr.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attr:
            self.data[self._select] = attr.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def change_url(consultation: ConsultationRequest) -> str:
    return reverse("admin:consultations_consultationrequest_change", args=[consultation.pk])


def posted_form(client: Client, consultation: ConsultationRequest) -> dict[str, str]:
    page = client.get(change_url(consultation))
    assert page.status_code == 200
    reader = FormReader("consultationrequest_form")
    reader.feed(page.content.decode())
    assert "patient" in reader.data
    return reader.data


@pytest.fixture
def ours(two: TwoClinics) -> ConsultationRequest:
    """A call request of clinic A with nobody set as patient or assignee."""
    return make_request(two.here, name="Bea Example")


def post_ids(client: Client, consultation: ConsultationRequest, **ids: int) -> tuple[Response, str]:
    data = posted_form(client, consultation)
    data.update({field: str(pk) for field, pk in ids.items()})
    response = client.post(change_url(consultation), data)
    return response, response.content.decode()


def test_another_clinics_patient_cannot_be_made_a_call_requests_patient(
    two: TwoClinics, client: Client, ours: ConsultationRequest
) -> None:
    client.force_login(two.admin)
    response, _ = post_ids(client, ours, patient=two.their_patient.pk)
    assert response.status_code == 200  # the form again, with its error
    assert response.context["adminform"].form.errors["patient"] == [
        "Choose someone at your clinic."
    ]
    ours.refresh_from_db()
    assert ours.patient is None


def test_another_clinics_staff_cannot_be_made_a_call_requests_assignee(
    two: TwoClinics, client: Client, ours: ConsultationRequest
) -> None:
    client.force_login(two.admin)
    response, _ = post_ids(client, ours, assigned_to=two.their_staff.pk)
    assert response.context["adminform"].form.errors["assigned_to"] == [
        "Choose someone at your clinic."
    ]
    ours.refresh_from_db()
    assert ours.assigned_to is None


def test_a_refused_id_does_not_show_the_other_clinics_persons_name(
    two: TwoClinics, client: Client, ours: ConsultationRequest
) -> None:
    client.force_login(two.admin)
    response, page = post_ids(
        client, ours, patient=two.their_patient.pk, assigned_to=two.their_staff.pk
    )
    assert response.status_code == 200  # the form again, with the ids as typed
    assert two.their_patient.full_name not in page
    assert two.their_staff.full_name not in page


def test_a_refused_id_records_no_change_in_the_audit_log(
    two: TwoClinics, client: Client, ours: ConsultationRequest
) -> None:
    client.force_login(two.admin)
    post_ids(client, ours, patient=two.their_patient.pk)
    assert not AuditEntry.objects.filter(action="update", object_id=str(ours.pk)).exists()


def test_an_id_saved_before_the_fix_does_not_show_the_other_clinics_persons_name(
    two: TwoClinics, client: Client, ours: ConsultationRequest
) -> None:
    ConsultationRequest.objects.filter(pk=ours.pk).update(
        patient=two.their_patient, assigned_to=two.their_staff
    )
    client.force_login(two.admin)
    page = client.get(change_url(ours)).content.decode()
    assert two.their_patient.full_name not in page
    assert two.their_staff.full_name not in page


def test_a_clinic_admin_can_still_set_their_own_clinics_people(
    two: TwoClinics, client: Client, ours: ConsultationRequest
) -> None:
    desk = staff(two.here)
    client.force_login(two.admin)
    response, _ = post_ids(client, ours, assigned_to=desk.pk)
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.assigned_to == desk


def test_a_membership_cannot_be_given_at_another_clinic(two: TwoClinics, client: Client) -> None:
    person = staff(two.here)
    client.force_login(two.admin)
    form = {"user": str(person.pk), "clinic": str(two.there.pk), "role": "staff"}
    response = client.post(reverse("admin:accounts_membership_add"), form)
    assert response.context["adminform"].form.errors["clinic"] == ["Choose your own clinic."]
    assert not Membership.objects.filter(user=person, clinic=two.there).exists()
