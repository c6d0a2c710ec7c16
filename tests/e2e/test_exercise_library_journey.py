import pytest

from spinewise.exercises.loader import sync_library
from spinewise.exercises.models import Exercise
from tests.e2e.conftest import LivePage, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def library() -> None:
    # Transactional tests flush the database, library included: load it again.
    sync_library(Exercise)


def test_browse_filter_and_use_the_timer_on_a_phone(phone: LivePage, library: None) -> None:
    phone.goto(phone.base_url + "/exercises/")
    assert serious_violations(phone) == []
    phone.get_by_label("Type").select_option("motor_control")
    phone.get_by_role("button", name="Show exercises").click()
    # htmx (on change) or the button (a plain form) may get there first; both give this address.
    phone.wait_for_url("**category=motor_control**")
    phone.wait_for_load_state()
    phone.get_by_role("link", name="Bird dog hold").click()
    assert phone.get_by_role("heading", name="When to stop").is_visible()
    assert phone.get_by_role("img", name="Bird dog hold: start and end positions").is_visible()
    phone.get_by_role("button", name="Start timer").click()
    phone.wait_for_function("document.querySelector('.timer-display').textContent.includes('left')")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []


def test_changing_a_filter_updates_the_list_in_place_without_csp_errors(
    phone: LivePage, library: None
) -> None:
    errors: list[str] = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.goto(phone.base_url + "/exercises/")
    phone.evaluate("window.notReloaded = true")
    phone.get_by_label("Type").select_option("aerobic")
    phone.wait_for_url("**category=aerobic**")
    aerobic = Exercise.objects.filter(category="aerobic", is_active=True).count()
    phone.wait_for_function(f"document.querySelectorAll('.exercise-list li').length === {aerobic}")
    assert phone.evaluate("window.notReloaded") is True  # htmx swapped the list in place
    assert phone.locator("#result-count").inner_text() == f"{aerobic} exercises"
    assert errors == []
