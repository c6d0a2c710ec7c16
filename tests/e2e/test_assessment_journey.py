"""A person on a phone takes the free assessment (CONTRACTS: issue 3 journeys)."""

from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.e2e.conftest import LivePage, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def answer_all_no(page: Page) -> None:
    for group in page.locator("fieldset.question").all():
        no = group.get_by_label("No", exact=True)
        if no.count():
            no.check()


def pick(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def continue_(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def test_non_specific_back_pain_reaches_the_self_care_result(phone: LivePage) -> None:
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


def test_bladder_symptom_shows_the_emergency_result_at_once(phone: LivePage) -> None:
    phone.goto(phone.base_url + "/assessment/step/1/")
    answer_all_no(phone)
    pick(phone, phone.locator("fieldset#q-rf_bladder_change legend").inner_text(), "Yes")
    assert phone.locator("#emergency-hint").is_visible()
    continue_(phone)
    assert phone.get_by_role("heading", level=1).inner_text() == "Get help now"
    assert phone.get_by_role("link", name="Call 999").get_attribute("href") == "tel:999"
    assert serious_violations(phone) == []


def test_the_first_screen_can_be_completed_with_the_keyboard_alone(phone: LivePage) -> None:
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


def finish_step_with_keyboard(page: Page) -> None:
    """Tab through the page from the top; in each radio group take the second choice with
    the arrow keys, type an age, then press Enter on the button that moves on."""
    answered: set[str] = set()
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


def test_the_whole_check_can_be_done_with_the_keyboard_alone(phone: LivePage) -> None:
    phone.goto(phone.base_url + "/assessment/step/1/")
    for _ in range(6):
        finish_step_with_keyboard(phone)
        if "/result/" in phone.url:
            break
    assert "/result/" in phone.url
    assert phone.get_by_role("heading", level=1).inner_text() == (
        "You can start a guided exercise programme"
    )


# --- Phone review: every screen, every result, with and without JavaScript -----------------

PHONE_WIDTH = 360  # the phone fixture's viewport

TARGETS = """() => {
  const found = [];
  const tappable = 'main a, main button, main input, main label, footer a';
  for (const el of document.querySelectorAll(tappable)) {
    // A radio or checkbox is tapped through the label around it.
    const target = el.matches('input[type=radio], input[type=checkbox]') ? el.closest('label') : el;
    if (target.tagName === 'LABEL' && !target.querySelector('input')) continue;
    const box = target.getBoundingClientRect();
    if (box.width === 0 || target.closest('[hidden]')) continue;
    found.push({text: (target.innerText || target.name).trim().slice(0, 40),
                width: box.width, height: box.height});
  }
  return found;
}"""


def small_targets(page: Page) -> list[dict[str, Any]]:
    return [t for t in page.evaluate(TARGETS) if t["width"] < 44 or t["height"] < 44]


def radio(page: Page, name: str, value: str) -> None:
    page.locator(f"input[name={name}][value='{value}']").check()


def fill_step(page: Page, number: int, overrides: dict[str, str]) -> None:
    """Answer the screen like non-specific back pain, with some answers changed."""
    if number in (1, 2, 5):
        for name in page.evaluate(
            "() => [...new Set([...document.querySelectorAll('input[value=no]')].map(e => e.name))]"
        ):
            radio(page, name, "no")
    if number == 2:
        page.fill("input[name=age]", "45")
    if number == 3:
        radio(page, "pain_now", "4")
        radio(page, "duration", "lt_6w")
    if number == 4:
        radio(page, "leg_symptoms", "none")
    for name, value in overrides.items():
        if page.locator(f"input[name={name}]").count():
            radio(page, name, value)


def take_the_check(
    page: LivePage,
    overrides: dict[str, str] | None = None,
    on_each_step: Callable[[Page, int], None] | None = None,
) -> None:
    page.goto(page.base_url + "/assessment/step/1/")
    for number in range(1, 7):
        if on_each_step:
            on_each_step(page, number)
        fill_step(page, number, overrides or {})
        with page.expect_navigation():
            page.locator("button[value=next]").click()
        if "/result/" in page.url:
            return
    raise AssertionError(f"No result after the last step: {page.url}")


def assert_fits_a_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert small_targets(page) == []


def test_every_step_shows_progress_fits_a_phone_and_passes_axe(phone: LivePage) -> None:
    def check(page: Page, number: int) -> None:
        assert page.locator("#progress-label").inner_text() == f"Step {number} of 6"
        assert page.locator("progress").get_attribute("value") == str(number)
        assert_fits_a_phone(page)
        assert serious_violations(page) == []

    take_the_check(phone, on_each_step=check)
    assert_fits_a_phone(phone)


@pytest.mark.parametrize(
    ("answers", "heading"),
    [
        ({"rf_recent_spinal_surgery": "yes"}, "A clinician should check first"),
        ({"rf_cancer_history": "yes"}, "See a doctor today"),
    ],
)
def test_review_and_urgent_results_fit_a_phone_and_pass_axe(
    phone: LivePage, answers: dict[str, str], heading: str
) -> None:
    take_the_check(phone, answers)
    assert phone.get_by_role("heading", level=1).inner_text() == heading
    assert phone.get_by_role("link", name="Ask us to call you").is_visible()
    assert_fits_a_phone(phone)
    assert serious_violations(phone) == []


def test_emergency_result_puts_the_emergency_number_first(phone: LivePage) -> None:
    take_the_check(phone, {"rf_chest_or_abdominal_pain": "yes"})
    assert phone.get_by_role("heading", level=1).inner_text() == "Get help now"
    # The clinic's green call button in the header steps aside for the emergency number.
    assert not phone.locator(".site-header .call-now").is_visible()
    buttons = phone.locator("main a.button").all_inner_texts()
    assert buttons[0] == "Call 999"
    assert buttons[1].startswith("Call ")
    assert_fits_a_phone(phone)


def test_printed_result_keeps_the_advice_and_drops_buttons_navigation_and_hours(
    phone: LivePage,
) -> None:
    take_the_check(phone)
    phone.emulate_media(media="print")
    for hidden in (".site-nav", "main .button", ".call-now-hours", "#call-options-hours"):
        assert all(not e.is_visible() for e in phone.locator(hidden).all()), hidden
    for kept in ("Why we say this", "This is not a diagnosis", "Please talk to a doctor"):
        assert phone.get_by_text(kept).first.is_visible()


def test_the_browser_back_button_shows_earlier_answers(phone: LivePage) -> None:
    phone.goto(phone.base_url + "/assessment/step/1/")
    for number in (1, 2, 3):
        fill_step(phone, number, {})
        with phone.expect_navigation():
            phone.locator("button[value=next]").click()
    phone.go_back()
    assert phone.locator("input[name=pain_now][value='4']").is_checked()
    assert phone.locator("input[name=duration][value=lt_6w]").is_checked()
    phone.go_back()
    assert phone.locator("input[name=age]").input_value() == "45"
    assert phone.locator("input[name=rf_fever][value=no]").is_checked()


def test_error_summary_link_shows_the_question_and_focuses_its_answer(phone: LivePage) -> None:
    phone.goto(phone.base_url + "/assessment/step/1/")
    fill_step(phone, 1, {})
    continue_(phone)
    continue_(phone)  # step 2 with nothing answered
    expect(phone.locator("#error-summary")).to_be_focused()
    assert serious_violations(phone) == []
    phone.get_by_role("link", name="How old are you?").click()
    expect(phone.locator("#id_age")).to_be_focused()
    legend_box = phone.locator("#q-age label").bounding_box()
    assert legend_box is not None
    legend_top = legend_box["y"]
    assert 0 <= legend_top < 200


@pytest.fixture
def phone_without_js(browser: Browser, live_server: LiveServer) -> Iterator[LivePage]:
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740}, is_mobile=True, java_script_enabled=False
    )
    page = cast(LivePage, context.new_page())
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


def test_without_javascript_the_check_reaches_a_result_and_errors_take_focus(
    phone_without_js: LivePage,
) -> None:
    page = phone_without_js
    page.goto(page.base_url + "/assessment/step/1/")
    with page.expect_navigation():
        page.locator("button[value=next]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert page.title().startswith("Please check your answers")
    take_the_check(page)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You can start a guided exercise programme"
    )
    assert_fits_a_phone(page)


def test_without_javascript_an_emergency_answer_ends_the_check(phone_without_js: LivePage) -> None:
    page = phone_without_js
    take_the_check(page, {"rf_saddle_numbness": "yes"})
    assert page.get_by_role("heading", level=1).inner_text() == "Get help now"
