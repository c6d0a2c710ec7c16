"""Browser journeys: Playwright drives Debian's Chromium (/usr/bin/chromium).

Playwright's own browser download does not work on our machines, so we launch the
system browser by path. Journeys are skipped, with a reason, when it is not installed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from playwright.sync_api import Browser, Page, ViewportSize
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in this thread; the live server's database
# work happens in another thread, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE: ViewportSize = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class LivePage(Page):
    """For typing only: a page the fixtures gave the live server's address as ``base_url``.

    The journeys build every address from it; Playwright's ``Page`` has no such attribute.
    """

    base_url: str


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: run `make browser` "
            "(Debian: chromium, Ubuntu: chromium-browser)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[LivePage]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = cast(LivePage, context.new_page())
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


def serious_violations(page: Page) -> list[str]:
    """Run axe-core (carried by axe-playwright-python) and list serious or critical issues."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} places)"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
