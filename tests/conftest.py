import pytest


@pytest.fixture(autouse=True)
def _plain_static_files(settings):  # type: ignore[no-untyped-def]
    # Tests never run collectstatic; serve files straight from the apps.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
