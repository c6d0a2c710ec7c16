"""A clinician pauses and resumes a plan: the rules, the review page, the API and what the
patient sees (docs/clinical-rules.md §6: only a clinician resumes a paused plan)."""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spinewise.accounts.models import User
from spinewise.audit.models import AuditEntry
from spinewise.errors import InvalidInput, NotFound, Refused
from spinewise.programmes import review
from spinewise.programmes.models import Programme
from tests.factories import ClinicFactory, clinic_admin, clinician, patient, staff
from tests.programmes.helpers import programme_for
from tests.responses import Response

pytestmark = pytest.mark.django_db

REASON = "Your leg pain spread after Tuesday's session. I'd like to check you over first."


def paused_plan(**answers: Any) -> tuple[Programme, User]:
    programme = programme_for(**answers)
    doctor = clinician(programme.clinic)
    review.pause_programme(programme.pk, by=doctor, reason=REASON, address=None)
    return programme, doctor


def post_json(client: Client, url: str, body: dict[str, Any]) -> Response:
    return client.post(url, json.dumps(body), content_type="application/json")


# The rules


def test_clinician_pauses_an_active_plan_with_their_reason() -> None:
    programme = programme_for()
    doctor = clinician(programme.clinic)
    review.pause_programme(programme.pk, by=doctor, reason=REASON, address=None)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PAUSED
    assert (programme.paused_reason, programme.paused_by) == (REASON, doctor)
    assert programme.paused_at is not None


def test_clinic_admin_may_pause_a_plan_at_their_clinic() -> None:
    programme = programme_for()
    review.pause_programme(
        programme.pk, by=clinic_admin(programme.clinic), reason=REASON, address=None
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PAUSED


def test_pausing_needs_a_reason() -> None:
    programme = programme_for()
    with pytest.raises(InvalidInput, match="Please say why"):
        review.pause_programme(
            programme.pk, by=clinician(programme.clinic), reason="   ", address=None
        )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE


def test_a_reason_over_2000_characters_is_refused_not_cut_short() -> None:
    programme = programme_for()
    with pytest.raises(InvalidInput, match="2000 characters"):
        review.pause_programme(
            programme.pk, by=clinician(programme.clinic), reason="x" * 2001, address=None
        )


def test_pausing_a_paused_plan_is_refused_plainly() -> None:
    programme, doctor = paused_plan()
    with pytest.raises(Refused, match="already paused"):
        review.pause_programme(programme.pk, by=doctor, reason="Again", address=None)


def test_a_plan_waiting_for_approval_cannot_be_paused() -> None:
    programme = programme_for(pregnant=True)
    assert programme.status == Programme.Status.AWAITING_APPROVAL
    with pytest.raises(Refused, match="Only an active plan"):
        review.pause_programme(
            programme.pk, by=clinician(programme.clinic), reason=REASON, address=None
        )


def test_a_clinician_of_another_clinic_cannot_pause_a_plan() -> None:
    programme = programme_for()
    with pytest.raises(NotFound):  # out of reach looks like missing: a 404 at both edges
        review.pause_programme(
            programme.pk, by=clinician(ClinicFactory.create()), reason=REASON, address=None
        )


def test_front_desk_staff_cannot_pause_a_plan() -> None:
    programme = programme_for()
    with pytest.raises(NotFound):
        review.pause_programme(
            programme.pk, by=staff(programme.clinic), reason=REASON, address=None
        )


def test_clinician_resumes_a_paused_plan_and_the_pause_is_cleared() -> None:
    programme, doctor = paused_plan()
    review.resume_programme(programme.pk, by=doctor, note="", address=None)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE
    assert (programme.paused_reason, programme.paused_by, programme.paused_at) == ("", None, None)


def test_a_resume_note_becomes_the_clinicians_note_to_the_patient() -> None:
    programme, doctor = paused_plan()
    review.resume_programme(
        programme.pk, by=doctor, note="Spoke on the phone: carry on, gently.", address=None
    )
    programme.refresh_from_db()
    assert programme.clinician_note == "Spoke on the phone: carry on, gently."


def test_resuming_an_active_plan_is_refused_plainly() -> None:
    programme = programme_for()
    with pytest.raises(Refused, match="not paused"):
        review.resume_programme(programme.pk, by=clinician(programme.clinic), note="", address=None)


def test_the_patient_cannot_resume_their_own_paused_plan() -> None:
    programme, _ = paused_plan()
    with pytest.raises(NotFound):
        review.resume_programme(programme.pk, by=programme.patient, note="", address=None)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PAUSED


def test_a_plan_paused_by_the_safety_rules_is_resumed_by_a_clinician() -> None:
    programme = programme_for()
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.PAUSED)
    programme.refresh_from_db()
    review.resume_programme(programme.pk, by=clinician(programme.clinic), note="", address=None)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE


def test_a_second_clinician_resuming_at_once_is_refused_after_the_first() -> None:
    programme, doctor = paused_plan()
    stale = Programme.objects.get(pk=programme.pk)  # the page the second clinician has open
    review.resume_programme(programme.pk, by=doctor, note="", address=None)
    with pytest.raises(Refused, match="not paused"):
        review.resume_programme(stale.pk, by=clinician(programme.clinic), note="", address=None)


# The clinician's review page


def test_review_page_offers_to_pause_an_active_plan(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    page = client.get(reverse("programmes:review", args=[programme.pk])).content.decode()
    assert "Pause this plan" in page
    assert "Why are you pausing this plan?" in page
    assert "Resume this plan" not in page


def test_review_page_offers_to_resume_a_paused_plan_and_shows_the_reason(client: Client) -> None:
    programme, doctor = paused_plan()
    client.force_login(doctor)
    page = client.get(reverse("programmes:review", args=[programme.pk])).content.decode()
    assert "Resume this plan" in page
    assert "Your leg pain spread after Tuesday" in page
    assert "Pause this plan" not in page


def test_pausing_from_the_review_page_pauses_the_plan_and_audits_it(client: Client) -> None:
    programme = programme_for()
    doctor = clinician(programme.clinic)
    client.force_login(doctor)
    response = client.post(reverse("programmes:pause", args=[programme.pk]), {"reason": REASON})
    assert response["Location"] == reverse("programmes:review", args=[programme.pk])
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PAUSED
    entry = AuditEntry.objects.get(action="update", detail="paused")
    assert (entry.actor, entry.patient, entry.clinic) == (
        doctor,
        programme.patient,
        programme.clinic,
    )


def test_pausing_without_a_reason_is_a_422_with_the_error_beside_the_field(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    response = client.post(reverse("programmes:pause", args=[programme.pk]), {"reason": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        '<p class="field-error" id="pause_reason_error">Please say why the plan is paused.' in page
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE


def test_an_overlong_reason_is_a_422_that_keeps_what_was_typed(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    typed = "Please rest. " + "y" * 2000
    response = client.post(reverse("programmes:pause", args=[programme.pk]), {"reason": typed})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Please keep this to 2000 characters or fewer." in page
    assert typed in page


def test_resuming_from_the_review_page_makes_the_plan_active_and_audits_it(client: Client) -> None:
    programme, doctor = paused_plan()
    client.force_login(doctor)
    response = client.post(
        reverse("programmes:resume", args=[programme.pk]), {"note": "Carry on gently."}
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.status, programme.clinician_note) == ("active", "Carry on gently.")
    assert AuditEntry.objects.filter(action="update", detail="resumed").count() == 1


def test_an_overlong_resume_note_is_a_422_that_keeps_what_was_typed(client: Client) -> None:
    programme, doctor = paused_plan()
    client.force_login(doctor)
    typed = "z" * 2001
    response = client.post(reverse("programmes:resume", args=[programme.pk]), {"note": typed})
    assert response.status_code == 422
    assert typed in response.content.decode()
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PAUSED


def test_pausing_a_paused_plan_from_the_page_says_so_plainly(client: Client) -> None:
    programme, doctor = paused_plan()
    client.force_login(doctor)
    url = reverse("programmes:pause", args=[programme.pk])
    page = client.post(url, {"reason": "Again"}, follow=True).content.decode()
    assert "This plan is already paused." in page


def test_a_clinician_of_another_clinic_gets_404_from_the_pause_page(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(ClinicFactory.create()))
    response = client.post(reverse("programmes:pause", args=[programme.pk]), {"reason": REASON})
    assert response.status_code == 404
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE


def test_the_patient_gets_404_from_the_resume_page(client: Client) -> None:
    programme, _ = paused_plan()
    client.force_login(programme.patient)
    response = client.post(reverse("programmes:resume", args=[programme.pk]), {"note": ""})
    assert response.status_code == 404


def test_the_pause_page_only_takes_a_form_post(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    assert client.get(reverse("programmes:pause", args=[programme.pk])).status_code == 405


# What the patient sees


def test_paused_today_page_shows_the_clinicians_reason_in_their_words(client: Client) -> None:
    programme, _ = paused_plan()
    client.force_login(programme.patient)
    page = client.get(reverse("programmes:mine")).content.decode()
    assert "Your plan is paused" in page
    assert "Tuesday&#x27;s session" in page
    assert "Please do not do your exercises until the clinic has spoken to you." in page


def test_paused_today_page_offers_to_call_the_patients_own_clinic(client: Client) -> None:
    clinic = ClinicFactory.create(phone="+44 161 496 0999")
    programme = programme_for(clinic)
    review.pause_programme(programme.pk, by=clinician(clinic), reason=REASON, address=None)
    client.force_login(programme.patient)
    page = client.get(reverse("programmes:mine")).content.decode()
    assert 'href="tel:+441614960999"' in page
    assert "Ask us to call you" in page


def test_after_resuming_the_patient_sees_today_and_the_clinicians_note(client: Client) -> None:
    programme, doctor = paused_plan()
    review.resume_programme(
        programme.pk, by=doctor, note="Spoke on the phone: carry on, gently.", address=None
    )
    client.force_login(programme.patient)
    page = client.get(reverse("programmes:mine")).content.decode()
    assert "Your plan is paused" not in page
    assert "Spoke on the phone: carry on, gently." in page


# The API


def test_api_pause_pauses_the_plan_and_audits_it(client: Client) -> None:
    programme = programme_for()
    doctor = clinician(programme.clinic)
    client.force_login(doctor)
    response = post_json(client, f"/api/v1/programmes/{programme.pk}/pause", {"reason": REASON})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["paused_reason"]) == ("paused", REASON)
    assert AuditEntry.objects.filter(action="update", detail="paused", actor=doctor).exists()


def test_api_pause_without_a_reason_is_a_422_naming_the_field(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    response = post_json(client, f"/api/v1/programmes/{programme.pk}/pause", {})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "reason", "message": "This is required."}]


def test_api_pause_with_a_blank_reason_is_a_422(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    response = post_json(client, f"/api/v1/programmes/{programme.pk}/pause", {"reason": "  "})
    assert response.status_code == 422


def test_api_pause_with_an_overlong_reason_is_a_422_not_cut_short(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    url = f"/api/v1/programmes/{programme.pk}/pause"
    assert post_json(client, url, {"reason": "x" * 2001}).status_code == 422


def test_api_pausing_a_paused_plan_is_a_409(client: Client) -> None:
    programme, doctor = paused_plan()
    client.force_login(doctor)
    response = post_json(client, f"/api/v1/programmes/{programme.pk}/pause", {"reason": "Again"})
    assert response.status_code == 409
    assert response.json()["message"] == "This plan is already paused."


def test_api_resume_makes_the_plan_active(client: Client) -> None:
    programme, doctor = paused_plan()
    client.force_login(doctor)
    response = post_json(client, f"/api/v1/programmes/{programme.pk}/resume", {"note": "Go on."})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["clinician_note"]) == ("active", "Go on.")


def test_api_resume_needs_no_note(client: Client) -> None:
    programme, doctor = paused_plan()
    client.force_login(doctor)
    assert post_json(client, f"/api/v1/programmes/{programme.pk}/resume", {}).status_code == 200


def test_api_resuming_an_active_plan_is_a_409(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(programme.clinic))
    response = post_json(client, f"/api/v1/programmes/{programme.pk}/resume", {"note": ""})
    assert response.status_code == 409


def test_api_another_clinics_clinician_gets_404_and_the_plan_is_unchanged(client: Client) -> None:
    programme = programme_for()
    client.force_login(clinician(ClinicFactory.create()))
    response = post_json(client, f"/api/v1/programmes/{programme.pk}/pause", {"reason": REASON})
    assert response.status_code == 404
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE


def test_api_the_patient_gets_404_resuming_their_own_plan(client: Client) -> None:
    programme, _ = paused_plan()
    client.force_login(programme.patient)
    response = post_json(client, f"/api/v1/programmes/{programme.pk}/resume", {"note": ""})
    assert response.status_code == 404


def test_api_front_desk_staff_get_404_pausing_a_plan(client: Client) -> None:
    programme = programme_for()
    client.force_login(staff(programme.clinic))
    response = post_json(client, f"/api/v1/programmes/{programme.pk}/pause", {"reason": REASON})
    assert response.status_code == 404


def test_api_another_patient_gets_404_pausing_a_plan(client: Client) -> None:
    programme = programme_for()
    client.force_login(patient(programme.clinic))
    response = post_json(client, f"/api/v1/programmes/{programme.pk}/pause", {"reason": REASON})
    assert response.status_code == 404
