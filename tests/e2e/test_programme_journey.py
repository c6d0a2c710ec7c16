"""Assessment -> sign up -> safety advice -> today's session; a clinician approves a plan."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from spinewise.accounts.models import Membership
from spinewise.exercises.loader import sync_library
from spinewise.exercises.models import Exercise
from spinewise.programmes.models import Programme
from tests.e2e.conftest import LivePage, serious_violations
from tests.e2e.test_assessment_journey import answer_all_no, continue_, pick
from tests.factories import PASSWORD, clinician
from tests.programmes.helpers import programme_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def library() -> None:
    sync_library(Exercise)


def emailed_link(path: str) -> str:
    """The address (path onwards) of the last email's link that starts with `path`."""
    found = re.search(re.escape(path) + r"\S*", str(mail.outbox[-1].body))
    assert found is not None
    return found.group(0)


def take_short_assessment(page: LivePage) -> None:
    page.goto(page.base_url + "/assessment/step/1/")
    answer_all_no(page)
    continue_(page)
    page.get_by_label("How old are you?").fill("38")
    answer_all_no(page)
    continue_(page)
    pick(page, "How bad is your pain right now?", "3")
    pick(page, "How long has this bout of back pain lasted?", "6 to 12 weeks")
    continue_(page)
    pick(page, "How far does the pain spread into a leg?", "It stays in my back")
    continue_(page)
    continue_(page)
    page.get_by_role("button", name="See my result").click()


def test_from_assessment_to_todays_session_on_a_phone(phone: LivePage) -> None:
    take_short_assessment(phone)
    phone.get_by_role("link", name="Start my programme").click()
    phone.get_by_label("Your name").fill("Sam Rivers")
    phone.get_by_label("Email address").fill("sam@example.org")
    phone.get_by_label("Choose a password").fill("quiet-river-stones-7")
    phone.get_by_label("I agree that the clinic can see").check()
    phone.get_by_role("button", name="Create my account").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Check your email to finish"
    phone.goto(phone.base_url + emailed_link("/accounts/signup/finish/"))
    phone.get_by_role("button", name="Open my account").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Before you start"
    assert serious_violations(phone) == []
    phone.get_by_label("I understand I should check with a doctor").check()
    phone.get_by_label("I will stop and call the clinic").check()
    phone.get_by_role("button", name="I understand – continue").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Today's exercises"
    assert phone.locator(".session-item").count() == 4
    assert phone.get_by_role("heading", name="Daily walk").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []
    assert Membership.objects.get(user__email="sam@example.org").role == "patient"


def test_clinician_approves_a_plan_that_needs_approval(
    browser: Browser, live_server: LiveServer
) -> None:
    programme = programme_for(pregnant=True)
    doctor = clinician(programme.clinic)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill(doctor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/programme/clinic/")
    page.get_by_role("link", name=str(programme.patient)).click()
    assert serious_violations(page) == []
    page.get_by_label("Note for the patient (optional)").fill("Go gently with the bridges.")
    page.get_by_role("button", name="Approve this plan").click()
    assert page.get_by_text("Plan approved").is_visible()
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE
    context.close()
