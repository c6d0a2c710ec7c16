import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from spinewise.accounts.models import User
from spinewise.assessments import questionnaire
from spinewise.assessments.models import Assessment
from tests.assessments.answers import as_form_data, self_care
from tests.responses import Response

pytestmark = pytest.mark.django_db


def step_url(number: int) -> str:
    return reverse("assessments:step", kwargs={"number": number})


def section_codes(number: int) -> list[str]:
    return [item.code for item in questionnaire.load().section(number - 1).items]


def take(client: Client, answers: dict[str, Any]) -> Response:
    """Answer every screen like a browser would; return the final response."""
    total = len(questionnaire.load().sections)
    response: Response | None = None
    for number in range(1, total + 1):
        response = client.post(step_url(number), as_form_data(answers, section_codes(number)))
        if response.status_code != 302 or "/result/" in response["Location"]:
            return response
    assert response is not None
    return response


def test_start_page_explains_the_check(client: Client) -> None:
    page = client.get(reverse("assessments:start")).content.decode()
    assert "about 3 minutes" in page
    assert "does not give a diagnosis" in page


def test_first_screen_asks_the_emergency_questions(client: Client) -> None:
    page = client.get(step_url(1)).content.decode()
    assert "Step 1 of 6" in page
    assert 'name="rf_bladder_change"' in page


def test_non_specific_back_pain_gets_the_self_care_result(client: Client) -> None:
    response = take(client, self_care())
    assert "/result/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "You can start a guided exercise programme" in page
    assert "This is not a diagnosis" in page


def test_an_emergency_answer_ends_the_questionnaire_at_once(client: Client) -> None:
    data = as_form_data(self_care(rf_bladder_change=True), section_codes(1))
    response = client.post(step_url(1), data)
    assert "/result/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Go to an emergency department now" in page
    stored = Assessment.objects.get()
    assert (stored.triage, stored.is_complete) == ("emergency", False)


def test_missing_answer_shows_a_message_beside_it_and_keeps_the_others(client: Client) -> None:
    data = as_form_data(self_care(), section_codes(1))
    del data["rf_major_trauma"]
    response = client.post(step_url(1), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="e-rf_major_trauma">Please answer yes or no.' in page
    assert re.search(r'name="rf_bladder_change" value="no"[^>]*checked', page)


def test_age_out_of_range_is_explained(client: Client) -> None:
    client.post(step_url(1), as_form_data(self_care(), section_codes(1)))
    data = as_form_data(self_care(age=15), section_codes(2))
    page = client.post(step_url(2), data).content.decode()
    assert "This service is for people aged 16 and over." in page
    assert 'value="15"' in page


def test_back_keeps_every_answer(client: Client) -> None:
    client.post(step_url(1), as_form_data(self_care(), section_codes(1)))
    data = as_form_data(self_care(age=67), section_codes(2))
    data["action"] = "back"
    assert client.post(step_url(2), data)["Location"] == step_url(1)
    assert 'value="67"' in client.get(step_url(2)).content.decode()


def test_result_of_another_browser_is_not_found(
    client: Client, django_user_model: type[User]
) -> None:
    response = take(client, self_care())
    other = type(client)()
    assert other.get(response["Location"]).status_code == 404


def test_unknown_step_goes_back_to_the_start(client: Client) -> None:
    assert client.get(step_url(99))["Location"] == step_url(1)


def test_rate_limit_on_the_page_is_a_plain_429(client: Client, settings: Settings) -> None:
    settings.ASSESSMENTS_PER_HOUR = 1
    take(client, self_care())
    response = take(client, self_care())
    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()


def test_an_emergency_answer_ends_the_check_even_when_other_questions_are_blank(
    client: Client,
) -> None:
    response = client.post(step_url(1), {"rf_bladder_change": "yes"})
    assert "/result/" in response["Location"]
    assert "Go to an emergency department now" in client.get(response["Location"]).content.decode()


def test_a_screen_with_errors_says_so_in_its_title_and_takes_focus_to_the_summary(
    client: Client,
) -> None:
    data = as_form_data(self_care(), section_codes(1))
    del data["rf_major_trauma"]
    page = client.post(step_url(1), data).content.decode()
    assert "<title>Please check your answers: Warning signs to check first – step 1 of 6" in page
    assert re.search(r'<div class="error-summary"[^>]*\bautofocus\b', page)


def test_error_summary_links_go_to_the_answer_to_fix(client: Client) -> None:
    client.post(step_url(1), as_form_data(self_care(), section_codes(1)))
    data = as_form_data(self_care(), section_codes(2))
    del data["age"], data["rf_fever"]
    page = client.post(step_url(2), data).content.decode()
    assert 'href="#id_age"' in page
    assert 'href="#id_rf_fever_0"' in page
    assert 'id="id_rf_fever_0"' in page


def test_a_tampered_answer_gets_a_plain_message_and_keeps_the_others(client: Client) -> None:
    data = as_form_data(self_care(), section_codes(1))
    data["rf_major_trauma"] = "maybe"
    response = client.post(step_url(1), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="e-rf_major_trauma">Please answer yes or no.' in page
    assert "Select a valid choice" not in page
    assert re.search(r'name="rf_bladder_change" value="no"[^>]*checked', page)


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("pain_now", "11", "Please choose a number from 0 to 10."),
        ("duration", "forever", "Please choose one of the answers shown."),
        ("worse_with", "dancing", "Please tick only the answers shown."),
    ],
)
def test_answers_that_are_not_offered_get_a_plain_message(
    client: Client, code: str, value: str, message: str
) -> None:
    number = next(n for n in range(1, 7) if code in section_codes(n))
    data = as_form_data(self_care(), section_codes(number))
    data[code] = value
    response = client.post(step_url(number), data)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_an_optional_question_that_already_says_skip_does_not_say_it_twice(client: Client) -> None:
    page = client.get(step_url(6)).content.decode()
    assert "Sex life (skip if it does not apply)" in page
    assert "Sex life (skip if it does not apply) <span" not in page
    assert 'Walking <span class="optional">(you can skip this)</span>' in page


def test_every_red_flag_question_is_explained_in_one_line(client: Client) -> None:
    survey = questionnaire.load()
    flags = [i for s in survey.sections for i in s.items if i.code.startswith("rf_")]
    assert len(flags) == 16
    pages = {n: client.get(step_url(n)).content.decode() for n in (1, 2)}
    for item in flags:
        assert item.help and "\n" not in item.help and len(item.help) <= 90, item.code
        assert any(f'id="h-{item.code}">{item.help}</p>' in page for page in pages.values())


def test_rate_limited_person_keeps_their_answers_and_can_go_back_to_them(
    client: Client, settings: Settings
) -> None:
    settings.ASSESSMENTS_PER_HOUR = 1
    take(client, self_care())
    response = take(client, self_care(age=67))
    assert response.status_code == 429
    page = response.content.decode()
    assert f'href="{step_url(6)}">Back to my answers' in page
    assert 'value="67"' in client.get(step_url(2)).content.decode()


def result_page(client: Client, answers: dict[str, Any]) -> str:
    return client.get(take(client, answers)["Location"]).content.decode()


def test_emergency_result_gives_the_emergency_number_before_the_clinic(client: Client) -> None:
    data = as_form_data(self_care(rf_saddle_numbness=True), section_codes(1))
    response = client.post(step_url(1), data)
    page = client.get(response["Location"]).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    emergency, clinic = main.index('href="tel:999"'), main.index('href="tel:+')
    assert emergency < clinic
    # The clinic's number is a full button, not a small link inside a sentence.
    assert re.search(r'<a class="button" href="tel:\+[^"]*">Call ', main)


def test_daily_life_effect_is_shown_in_plain_words_and_whole_numbers(client: Client) -> None:
    odi = {code: 4 for code in section_codes(6)}
    page = result_page(client, self_care(**odi))
    assert "80%: a very large effect on what you can do each day." in page
    assert "Crippling" not in page and "Bed_bound" not in page and "80.0%" not in page


def test_self_care_result_says_start_my_programme_makes_an_account(client: Client) -> None:
    page = result_page(client, self_care())
    assert "Your risk group" in page
    assert 'aria-describedby="account-note">Start my programme' in page
    assert "You will make a free account" in page


def step_of(code: str) -> int:
    return next(n for n in range(1, 7) if code in section_codes(n))


@pytest.mark.parametrize(("code", "answer"), [("sb_dress_slowly", "yes"), ("odi_walking", "2")])
def test_an_optional_answer_tapped_by_mistake_can_be_cleared_with_skip(
    client: Client, code: str, answer: str
) -> None:
    number = step_of(code)
    data = as_form_data(self_care(), section_codes(number))
    client.post(step_url(number), {**data, code: answer})

    client.post(step_url(number), {**data, code: "skip"})

    assert code not in client.session["assessment_draft"]


def test_required_questions_offer_no_skip(client: Client) -> None:
    page = client.get(step_url(1)).content.decode()

    assert "Skip this question" not in page


def test_nothing_is_ticked_as_skipped_before_the_person_chooses(client: Client) -> None:
    page = client.get(step_url(step_of("sb_dress_slowly"))).content.decode()

    assert 'value="skip" checked' not in page
    assert 'value="skip"' in page


def test_a_high_risk_self_care_result_says_a_clinician_looks_over_the_plan_first(
    client: Client,
) -> None:
    worries = ("sb_unsafe_to_be_active", "sb_worrying_thoughts", "sb_never_get_better")
    page = result_page(client, self_care(sb_not_enjoying=True, **dict.fromkeys(worries, True)))

    assert "A clinician will look over your plan before it starts." in page


def test_a_low_risk_self_care_result_does_not_say_the_plan_waits(client: Client) -> None:
    page = result_page(client, self_care())

    assert "look over your plan" not in page
