import pytest

from tests.e2e.conftest import LivePage, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_on_a_phone_has_an_accessible_call_now_link(phone: LivePage) -> None:
    phone.goto(phone.base_url + "/")
    call = phone.get_by_role("link", name="Call now")
    assert call.is_visible()
    href = call.get_attribute("href")
    assert href is not None
    assert href.startswith("tel:+")
    box = call.bounding_box()
    assert box is not None
    assert box["height"] >= 44  # a comfortable touch target
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll


def test_home_page_has_no_serious_accessibility_violations(phone: LivePage) -> None:
    phone.goto(phone.base_url + "/")
    assert serious_violations(phone) == []


def test_skip_link_is_the_first_stop_for_keyboard_users(phone: LivePage) -> None:
    phone.goto(phone.base_url + "/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
