from collections.abc import Iterator

import pytest
from pytest_django import Settings


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Settings) -> None:
    # Tests never run collectstatic; serve files straight from the apps.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_site_clinic() -> Iterator[None]:
    # Each test's database starts over, so a site clinic kept from another test is stale.
    from spinewise.accounts.clinics import forget_site_clinic

    forget_site_clinic()
    yield
    forget_site_clinic()
