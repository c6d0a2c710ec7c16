"""A person on a phone takes the free assessment (CONTRACTS: issue 3 journeys)."""

import pytest

from tests.e2e.conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def answer_all_no(page):
    for group in page.locator("fieldset.question").all():
        no = group.get_by_label("No", exact=True)
        if no.count():
            no.check()


def pick(page, question, answer):
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def continue_(page):
    page.get_by_role("button", name="Continue").click()


def test_non_specific_back_pain_reaches_the_self_care_result(phone):
    phone.goto(phone.base_url + "/assessment/")
    phone.get_by_role("link", name="Start the check").click()
    assert serious_violations(phone) == []
    answer_all_no(phone)
    continue_(phone)
    phone.get_by_label("How old are you?").fill("45")
    answer_all_no(phone)
    continue_(phone)
    pick(phone, "How bad is your pain right now?", "4")
    pick(phone, "How long has this bout of back pain lasted?", "Less than 6 weeks")
    continue_(phone)
    pick(phone, "How far does the pain spread into a leg?", "It stays in my back")
    phone.get_by_role("group", name="What makes your pain worse?").get_by_label("Sitting").check()
    continue_(phone)
    answer_all_no(phone)
    pick(phone, "All in all, how much of a nuisance has your back been?", "A little")
    continue_(phone)
    for topic in ("Your pain today", "Walking", "Sitting"):
        phone.get_by_role("group", name=topic).get_by_role("radio").nth(1).check()
    phone.get_by_role("button", name="See my result").click()
    heading = phone.get_by_role("heading", level=1)
    assert heading.inner_text() == "You can start a guided exercise programme"
    assert phone.get_by_role("link", name="Start my programme").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []


def test_bladder_symptom_shows_the_emergency_result_at_once(phone):
    phone.goto(phone.base_url + "/assessment/step/1/")
    answer_all_no(phone)
    pick(phone, phone.locator("fieldset#q-rf_bladder_change legend").inner_text(), "Yes")
    assert phone.locator("#emergency-hint").is_visible()
    continue_(phone)
    assert phone.get_by_role("heading", level=1).inner_text() == "Get help now"
    assert phone.get_by_role("link", name="Call 999").get_attribute("href") == "tel:999"
    assert serious_violations(phone) == []


def test_the_first_screen_can_be_completed_with_the_keyboard_alone(phone):
    phone.goto(phone.base_url + "/assessment/step/1/")
    groups = phone.locator("fieldset.question").count()
    phone.locator("input[type=radio]").first.focus()
    for index in range(groups):
        # Arrow keys move within a radio group; Tab moves to the next group.
        phone.keyboard.press("ArrowRight")  # selects "No" (second option)
        if index < groups - 1:
            phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Continue"
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/assessment/step/2/")
    assert "Step 2 of 6" in phone.content()


FOCUSED = """() => {
  const e = document.activeElement;
  return {tag: e.tagName, type: e.type || "", name: e.name || "", text: e.textContent.trim()};
}"""


def finish_step_with_keyboard(page):
    """Tab through the page from the top; in each radio group take the second choice with
    the arrow keys, type an age, then press Enter on the button that moves on."""
    answered = set()
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "BUTTON" and focused["text"] in {"Continue", "See my result"}:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
        if focused["type"] == "radio" and focused["name"] not in answered:
            answered.add(focused["name"])
            page.keyboard.press("ArrowRight")
        elif focused["name"] == "age":
            page.keyboard.type("45")
    raise AssertionError("Never reached the button that moves on.")


def test_the_whole_check_can_be_done_with_the_keyboard_alone(phone):
    phone.goto(phone.base_url + "/assessment/step/1/")
    for _ in range(6):
        finish_step_with_keyboard(phone)
        if "/result/" in phone.url:
            break
    assert "/result/" in phone.url
    assert phone.get_by_role("heading", level=1).inner_text() == (
        "You can start a guided exercise programme"
    )
