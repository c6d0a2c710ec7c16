"""Front-end files are ours or vendored with their licence, and always served from our origin."""

import hashlib
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

SRC = Path(__file__).resolve().parents[2] / "src" / "spinewise"
HTMX = SRC / "web" / "static" / "web" / "vendor" / "htmx"
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"


def test_vendored_htmx_is_the_published_file_with_its_licence() -> None:
    assert hashlib.sha256((HTMX / "htmx.min.js").read_bytes()).hexdigest() == HTMX_SHA256
    assert "Zero-Clause BSD" in (HTMX / "LICENSE").read_text()
    assert "2.0.11" in (HTMX / "README.md").read_text()


def test_no_template_loads_anything_from_another_site() -> None:
    outside = re.compile(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', re.IGNORECASE)
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("templates/**/*.html")
        if outside.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
def test_every_page_loads_htmx_from_our_own_static_files(client: Client) -> None:
    page = client.get(reverse("web:home")).content.decode()
    assert '<script src="/static/web/vendor/htmx/htmx.min.js" defer></script>' in page


@pytest.mark.django_db
def test_htmx_is_configured_to_fit_our_content_security_policy(client: Client) -> None:
    page = client.get(reverse("web:home")).content.decode()
    assert '"includeIndicatorStyles":false' in page
    assert '"historyCacheSize":0' in page
