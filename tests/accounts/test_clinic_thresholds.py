"""A clinic changes its clinical thresholds in the admin; the rules then use them."""

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from spinewise.accounts.clinics import thresholds_for
from spinewise.accounts.models import Clinic
from spinewise.assessments.models import Assessment
from spinewise.programmes.today import today_for
from tests.assessments.answers import self_care
from tests.factories import ClinicFactory, clinic_admin
from tests.programmes.helpers import programme_for
from tests.responses import Response

pytestmark = pytest.mark.django_db

CLINIC_DETAILS = {
    "name": "Hillside Back Clinic",
    "slug": "hillside",
    "phone": "+44 20 7946 0001",
    "email": "desk@hillside.test",
    "opening_hours": "Mon-Fri 08:00-18:00",
    "time_zone": "Europe/London",
    "country": "GB",
}


def change_page(clinic: Clinic) -> str:
    return f"/admin/accounts/clinic/{clinic.pk}/change/"


def save_form(client: Client, clinic: Clinic, **thresholds: object) -> Response:
    data = {**CLINIC_DETAILS, **{f"threshold_{k}": v for k, v in thresholds.items()}}
    return client.post(change_page(clinic), data)


@pytest.fixture
def clinic(client: Client) -> Clinic:
    clinic = ClinicFactory.create(**CLINIC_DETAILS)
    client.force_login(clinic_admin(clinic))
    return clinic


def test_a_clinic_admin_saves_a_threshold_change(client: Client, clinic: Clinic) -> None:
    response = save_form(client, clinic, stop_peak=7)

    assert response.status_code == 302
    clinic.refresh_from_db()
    assert clinic.clinical_thresholds == {"stop_peak": 7}


def test_fields_left_empty_keep_the_defaults(client: Client, clinic: Clinic) -> None:
    save_form(client, clinic)

    clinic.refresh_from_db()
    assert clinic.clinical_thresholds == {}


def test_each_field_shows_its_default_and_where_it_comes_from(
    client: Client, clinic: Clinic
) -> None:
    page = client.get(change_page(clinic)).content.decode()

    assert "Session stops the plan at this peak pain" in page
    assert "Default 8 (docs/clinical-rules.md §6)" in page


def test_a_change_out_of_range_is_refused_in_plain_words_and_keeps_what_was_typed(
    client: Client, clinic: Clinic
) -> None:
    response = save_form(client, clinic, stop_peak=11, severe_pain=8)

    assert response.status_code == 200
    page = response.content.decode()
    assert "less than or equal to 10" in page
    assert 'name="threshold_severe_pain" value="8"' in page
    clinic.refresh_from_db()
    assert clinic.clinical_thresholds == {}


def test_band_edges_are_typed_as_four_numbers(client: Client, clinic: Clinic) -> None:
    save_form(client, clinic, odi_band_edges="25, 45, 65, 85")

    clinic.refresh_from_db()
    assert clinic.clinical_thresholds == {"odi_band_edges": [25, 45, 65, 85]}


def test_band_edges_that_do_not_rise_are_refused_on_their_field(
    client: Client, clinic: Clinic
) -> None:
    response = save_form(client, clinic, odi_band_edges="40, 20, 60, 80")

    assert response.context["adminform"].form.errors == {
        "threshold_odi_band_edges": ["This must be 4 whole numbers from 0 to 100, rising."]
    }


def test_more_gentle_than_usual_sessions_is_refused(client: Client, clinic: Clinic) -> None:
    response = save_form(client, clinic, sessions_gentle=5, sessions_standard=4)

    assert "threshold_sessions_gentle" in response.context["adminform"].form.errors


def test_another_clinics_settings_cannot_be_opened(client: Client, clinic: Clinic) -> None:
    other = ClinicFactory.create()

    assert client.get(change_page(other)).status_code in (302, 404)


def test_the_rules_get_the_clinics_thresholds_and_approval_switch() -> None:
    clinic = ClinicFactory.create(clinical_thresholds={"stop_peak": 7}, requires_plan_approval=True)

    chosen = thresholds_for(clinic)

    assert chosen.stop_peak == 7
    assert chosen.require_approval_for_all


def test_a_stored_change_that_is_not_allowed_falls_back_to_the_defaults_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clinic = ClinicFactory.create(clinical_thresholds={"stop_peak": 99})

    with caplog.at_level(logging.ERROR, logger="spinewise.accounts.clinics"):
        chosen = thresholds_for(clinic)

    assert chosen.stop_peak == 8
    assert "stop_peak" in caplog.text


def test_model_validation_names_the_refused_change() -> None:
    clinic = ClinicFactory.build(clinical_thresholds={"stop_peak": 99})

    with pytest.raises(Exception) as raised:
        clinic.clean()

    assert "stop_peak: This must be a whole number from 1 to 10." in str(raised.value)


def post_assessment(client: Client, clinic: Clinic, answers: dict[str, Any]) -> Response:
    body = {"answers": answers, "clinic": clinic.slug}
    return client.post("/api/v1/assessments", json.dumps(body), content_type="application/json")


def test_an_assessment_follows_its_clinics_thresholds_and_stores_them(client: Client) -> None:
    clinic = ClinicFactory.create(clinical_thresholds={"severe_pain": 8})

    body = post_assessment(client, clinic, self_care(pain_now=8)).json()

    assert body["triage"] == "review"
    assert Assessment.objects.get(public_id=body["id"]).thresholds == {"severe_pain": 8}


def test_an_assessment_at_a_clinic_using_the_defaults_stores_no_changes(client: Client) -> None:
    body = post_assessment(client, ClinicFactory.create(), self_care(pain_now=8)).json()

    assert body["triage"] == "self_care"
    assert Assessment.objects.get(public_id=body["id"]).thresholds == {}


def test_a_plan_starts_gently_at_the_clinics_own_pain_level() -> None:
    clinic = ClinicFactory.create(clinical_thresholds={"gentle_start_pain": 5})

    assert programme_for(clinic, pain_now=5).gentle_start
    assert not programme_for(ClinicFactory.create(), pain_now=5).gentle_start


def test_clinic_details_still_save_with_the_thresholds_form(client: Client, clinic: Clinic) -> None:
    save_form(client, clinic, stop_peak=7)

    assert Clinic.objects.get(pk=clinic.pk).email == "desk@hillside.test"


def test_the_form_shows_the_clinics_current_changes(client: Client, clinic: Clinic) -> None:
    clinic.clinical_thresholds = {"stop_peak": 7, "odi_band_edges": [25, 45, 65, 85]}
    clinic.save()

    page = client.get(change_page(clinic)).content.decode()

    assert 'name="threshold_stop_peak" value="7"' in page
    assert 'name="threshold_odi_band_edges" value="25, 45, 65, 85"' in page


LATER_PHASES = {"build_control_from_week": 4, "strengthen_from_week": 9}


def test_a_plan_keeps_the_phase_weeks_its_clinic_set() -> None:
    programme = programme_for(ClinicFactory.create(clinical_thresholds=LATER_PHASES))

    assert programme.phase_starts == [1, 4, 9]
    assert sorted(set(programme.items.values_list("from_week", flat=True))) == [1, 4, 9]


def test_a_plan_names_its_phase_by_its_own_weeks_after_the_clinic_changes_them() -> None:
    clinic = ClinicFactory.create(clinical_thresholds=LATER_PHASES)
    programme = programme_for(clinic)
    clinic.clinical_thresholds = {}
    clinic.save()

    assert programme.start_date is not None
    week_3 = programme.start_date + timedelta(days=14)

    assert today_for(programme, week_3).phase == "Settle and move"


def test_the_admin_form_has_a_labelled_field_for_every_threshold() -> None:
    from spinewise.accounts.threshold_form import LABELS, THRESHOLD_FIELDS, ClinicForm
    from spinewise.clinical.thresholds import LIMITS

    assert set(LABELS) == set(LIMITS)
    assert set(THRESHOLD_FIELDS) <= set(ClinicForm().fields)
    assert all(
        section in {"§1", "§2", "§3", "§4", "§6", "§7", "§8"} for _, section in LABELS.values()
    )
