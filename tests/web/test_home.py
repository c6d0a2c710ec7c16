import pytest
import time_machine
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django import Settings

from spinewise.accounts.clinics import site_clinic

pytestmark = pytest.mark.django_db


def test_fresh_install_has_the_site_clinic_from_settings(settings: Settings) -> None:
    clinic = site_clinic()
    assert clinic.slug == settings.CLINIC_SLUG
    assert clinic.phone == settings.CLINIC_PHONE


def test_home_page_shows_call_now_tel_link(client: Client) -> None:
    page = client.get(reverse("web:home")).content.decode()
    assert 'href="tel:+442079460000"' in page
    assert "Call now" in page


def test_home_page_links_to_assessment_and_consultation(client: Client) -> None:
    page = client.get(reverse("web:home")).content.decode()
    assert "free back-pain check" in page
    assert "free phone call" in page


@time_machine.travel("2026-11-24 10:00Z")
def test_call_now_says_open_during_hours(client: Client) -> None:
    assert "Open now until 18:00" in client.get("/").content.decode()


@time_machine.travel("2026-11-24 20:00Z")
def test_call_now_outside_hours_says_when_open_and_emergency_number(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "Closed now. Opens Wednesday at 08:00" in page
    assert "In an emergency call 999" in page


def test_security_headers_are_present(client: Client) -> None:
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_settings_turn_on_hsts_and_secure_cookies() -> None:
    import subprocess
    import sys

    code = (
        "import spinewise.config.settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "SECRET_KEY": "s" * 64,
            "SITE_URL": "https://c.example",
            "PYTHONPATH": "src",
            "SPINEWISE_DATA_DIR": "/tmp/spinewise-test-data",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["31536000", "True", "True"]


def test_unknown_page_is_a_plain_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_home_page_has_landmarks_and_skip_link(client: Client) -> None:
    page = client.get("/").content.decode()
    for marker in ('<main id="main"', "<header", "<footer", 'aria-label="Main"', 'href="#main"'):
        assert marker in page


def test_behind_a_proxy_the_audit_log_keeps_the_clients_address(settings: Settings) -> None:
    from spinewise.web.client import client_address
    from spinewise.web.middleware import ClientAddressMiddleware

    settings.BEHIND_PROXY = True
    seen = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["address"] = client_address(request)
        return HttpResponse()

    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7"
    )
    ClientAddressMiddleware(view)(request)
    assert seen["address"] == "203.0.113.7"


def test_without_a_proxy_forwarded_headers_are_ignored(settings: Settings) -> None:
    from spinewise.web.middleware import ClientAddressMiddleware

    settings.BEHIND_PROXY = False
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="1.2.3.4")
    ClientAddressMiddleware(lambda r: HttpResponse())(request)
    assert request.META["REMOTE_ADDR"] == "198.51.100.4"
