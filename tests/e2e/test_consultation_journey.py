"""Asking for a free phone call on a phone, with the keyboard alone, and the front desk
working the request through the call-back queue on a desktop."""

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import cast
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from spinewise.accounts.clinics import site_clinic
from spinewise.accounts.models import User
from spinewise.consultations import services
from spinewise.consultations.models import ConsultationRequest, Status
from spinewise.web.context_processors import tel_href
from tests.e2e.conftest import LivePage, serious_violations
from tests.factories import PASSWORD, staff

pytestmark = pytest.mark.django_db(transaction=True)

REQUEST = "/consultations/request/"
GOOD_PHONE = "07400 123456"  # a valid UK mobile; the 07700 900xxx drama range is not
DESCRIPTIONS = """e => (e.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean)
  .map(id => document.getElementById(id)).filter(Boolean).map(d => d.textContent.trim())"""


def described_by(locator: Locator) -> list[str]:
    """What a screen reader reads after a field's name: the elements its aria-describedby
    points at (ids that point nowhere are dropped, as they are for people)."""
    descriptions: list[str] = locator.evaluate(DESCRIPTIONS)
    return descriptions


def test_a_person_on_a_phone_fixes_their_mistakes_and_is_told_when_we_will_call(
    phone: LivePage,
) -> None:
    clinic = site_clinic()
    phone.goto(phone.base_url + REQUEST)
    phone.get_by_label("Your name").fill("Alex Morgan")
    phone.get_by_label("Phone number").fill("12345")
    phone.get_by_role("button", name="Ask for a call").click()

    # The errors sit beside their fields, are tied to them, and what was typed is kept.
    expect(phone).to_have_title(re.compile("^Please check this"))
    expect(
        phone.get_by_role("alert").get_by_role("heading", name="Please check this")
    ).to_be_visible()
    phone_input = phone.get_by_label("Phone number")
    phone_field = phone.locator(".field", has=phone_input)
    phone_error = phone_field.locator(".field-error")
    assert phone_error.inner_text().startswith("Please enter a phone number we can call")
    assert phone_input.get_attribute("aria-invalid") == "true"
    assert phone_error.inner_text() in described_by(phone_input)
    consent = phone.get_by_label("I agree that the clinic may call me")
    consent_error = phone.locator(".field", has=consent).locator(".field-error")
    assert consent_error.inner_text() == "Please tick the box to say we may call you."
    assert described_by(consent) == [consent_error.inner_text()]
    assert not consent.is_checked()
    assert phone.get_by_label("Your name").input_value() == "Alex Morgan"
    assert phone_input.input_value() == "12345"
    assert (
        phone.locator(".field", has=phone.get_by_label("Your name")).locator(".field-error").count()
        == 0
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []

    phone_input.fill(GOOD_PHONE)
    consent.check()
    before = timezone.now()
    phone.get_by_role("button", name="Ask for a call").click()
    phone.wait_for_url("**/consultations/request/sent/")

    consultation = ConsultationRequest.objects.get()
    assert (consultation.name, consultation.phone) == ("Alex Morgan", "+447400123456")
    assert consultation.consent_to_contact
    assert "We will call you" in phone.get_by_role("heading", level=1).inner_text()
    # When: the target time, said as "today/tomorrow/<day> at HH:MM" in the clinic's time.
    due = consultation.due_at.astimezone(ZoneInfo(clinic.time_zone))
    lead = phone.locator(".sent-banner .lead").inner_text()
    assert lead.startswith("We will call you on +44 7400 123456 by ")
    assert lead.endswith(f" at {due:%H:%M}.")
    # Open or closed now (the hours come from settings): say so only when closed.
    expected = services.expected_call(consultation)
    if expected == services.expected_call(consultation, before):  # no opening/closing/midnight
        assert lead.endswith(f" by {expected.by}.")
        closed_note = phone.get_by_text("The clinic is closed now.")
        if expected.open_now or not expected.opens:
            assert closed_note.count() == 0
        else:
            assert f"We open again {expected.opens}" in closed_note.inner_text()
    call_now = phone.get_by_role("main").get_by_role("link", name=f"Call now {clinic.phone}")
    href = call_now.get_attribute("href")
    assert href == tel_href(clinic.phone)
    assert href is not None
    assert href.startswith("tel:+")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []


FOCUSED = """() => {
  const e = document.activeElement;
  return {tag: e.tagName, type: e.type || "", name: e.name || "", text: e.textContent.trim()};
}"""


def test_the_call_request_can_be_made_with_the_keyboard_alone(phone: LivePage) -> None:
    phone.goto(phone.base_url + REQUEST)
    done: set[str] = set()
    for _ in range(60):
        phone.keyboard.press("Tab")
        focused = phone.evaluate(FOCUSED)
        assert focused["name"] != "website", "The spam trap must be out of the tab order."
        name = focused["name"]
        if focused["tag"] == "BUTTON" and focused["text"] == "Ask for a call":
            assert done == {"name", "phone", "preferred_time", "reason", "consent_to_contact"}
            with phone.expect_navigation():
                phone.keyboard.press("Enter")
            break
        if name in done:
            continue
        if name == "name":
            phone.keyboard.type("Kim Lee")
        elif name == "phone":
            phone.keyboard.type(GOOD_PHONE)
        elif name == "preferred_time":
            # Tab lands on the chosen radio ("Any time", the last); the arrow wraps round
            # to "Morning", and Space keeps it chosen.
            phone.keyboard.press("ArrowRight")
            phone.keyboard.press("Space")
        elif name == "reason":
            phone.keyboard.type("My lower back hurts when I sit.")
        elif name == "consent_to_contact":
            phone.keyboard.press("Space")
        else:
            continue
        done.add(name)
    else:
        raise AssertionError("Never reached the Ask for a call button.")

    assert phone.url.endswith("/consultations/request/sent/")
    assert phone.get_by_role("heading", level=1).inner_text() == (
        "Thank you, Kim Lee. We will call you."
    )
    consultation = ConsultationRequest.objects.get()
    assert consultation.preferred_time == "morning"
    assert consultation.reason == "My lower back hurts when I sit."
    assert consultation.consent_to_contact


def expect_message(page: Page, text: str) -> None:
    """The page after the action (each message differs from the one before)."""
    expect(page.locator(".messages")).to_have_text(text)


def history(page: Page) -> list[str]:
    return [item.inner_text() for item in page.locator("ol.history > li").all()]


def sign_in(page: Page, user: User) -> None:
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def ask_for_a_call(name: str) -> ConsultationRequest:
    services.request_consultation(
        {
            "name": name,
            "phone": GOOD_PHONE,
            "preferred_time": "afternoon",
            "reason": "Sciatica for two weeks.",
            "consent_to_contact": True,
        },
        address="e2e-desk",
    )
    return ConsultationRequest.objects.get(name=name)


@pytest.fixture
def desktop(browser: Browser, live_server: LiveServer) -> Iterator[LivePage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = cast(LivePage, context.new_page())
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


def test_the_front_desk_tries_books_and_completes_a_call_back(desktop: LivePage) -> None:
    page = desktop
    clinic = site_clinic()
    desk = staff(clinic)
    ask_for_a_call("Robin Shaw")

    page.goto(page.base_url + "/consultations/queue/")
    sign_in(page, desk)
    page.wait_for_url("**/consultations/queue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Call-back queue")
    row = page.get_by_role("row", name=re.compile("Robin Shaw"))
    expect(row.get_by_role("cell", name="Afternoon")).to_be_visible()
    expect(row.get_by_role("cell", name="New", exact=True)).to_be_visible()
    assert serious_violations(page) == []

    row.get_by_role("link", name="Robin Shaw").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Call Robin Shaw")
    assert page.locator(".tag-status").inner_text() == "New"
    assert history(page)[0].startswith("Nothing yet.")
    assert serious_violations(page) == []

    attempt = page.locator("form#attempt")
    attempt.get_by_role("group", name="What happened?").get_by_label("No answer").check()
    attempt.get_by_role("button", name="Save the call").click()
    expect_message(page, "Call attempt saved.")
    assert page.locator(".tag-status").inner_text() == "Tried to call"
    entries = history(page)
    assert len(entries) == 1
    assert entries[0].startswith("Call attempt: no answer")

    tomorrow = timezone.now().astimezone(ZoneInfo(clinic.time_zone)).date() + timedelta(days=1)
    book = page.locator("form#schedule")
    book.get_by_label("Date").fill(tomorrow.isoformat())
    book.get_by_label("Time").fill("10:00")
    book.get_by_role("button", name="Book it").click()
    expect_message(page, "Call booked.")
    assert page.locator(".tag-status").inner_text() == "Call booked"
    entries = history(page)
    assert len(entries) == 2
    assert entries[0].startswith("Call booked")
    assert f"Call booked for {tomorrow:%A %d %B}, 10:00." in entries[0]
    assert entries[1].startswith("Call attempt: no answer")

    page.locator("form#complete").get_by_role("button", name="Mark as completed").click()
    expect_message(page, "Marked as completed.")
    assert page.locator(".tag-status").inner_text() == "Completed"
    entries = history(page)
    assert len(entries) == 3
    assert entries[0].startswith("Completed")
    assert page.get_by_role("button", name="Save the call").count() == 0  # finished: no calls
    consultation = ConsultationRequest.objects.get()
    assert consultation.status == Status.COMPLETED
    assert consultation.attempts == 1
    assert consultation.resolved_at is not None

    page.get_by_role("link", name="Back to the queue").click()
    expect(page.get_by_text("Nobody is waiting for a call. Well done.")).to_be_visible()


def test_a_call_booked_in_the_past_is_refused_with_the_error_on_the_date(desktop: LivePage) -> None:
    page = desktop
    clinic = site_clinic()
    consultation = ask_for_a_call("Jo Park")
    page.goto(page.base_url + f"/consultations/queue/{consultation.public_id}/")
    sign_in(page, staff(clinic))
    yesterday = timezone.now().astimezone(ZoneInfo(clinic.time_zone)).date() - timedelta(days=1)
    book = page.locator("form#schedule")
    book.get_by_label("Date").fill(yesterday.isoformat())
    book.get_by_label("Time").fill("10:00")
    book.get_by_role("button", name="Book it").click()

    message = "Please choose a time that has not passed yet."
    expect(page).to_have_title(re.compile("^Please check this"))
    expect(page.get_by_role("alert").get_by_role("link", name=message)).to_be_visible()
    date = page.locator("form#schedule").get_by_label("Date")
    assert date.input_value() == yesterday.isoformat()  # kept, to correct
    assert date.get_attribute("aria-invalid") == "true"
    assert described_by(date) == [message]  # read out with the field, not just shown
    assert page.locator(".tag-status").inner_text() == "New"
    assert history(page)[0].startswith("Nothing yet.")
    assert serious_violations(page) == []
