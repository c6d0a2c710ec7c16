"""Settings for the test suite: the production module with test-only defaults."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x" * 50)
os.environ.setdefault("TASK_BACKEND", "immediate")
os.environ.setdefault(
    "SPINEWISE_DATA_DIR", os.path.join(tempfile.gettempdir(), "spinewise-test-data")
)

from spinewise.config.settings import *  # noqa: F403

# Tests create many users: a fast hasher keeps the suite quick. Production uses argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
