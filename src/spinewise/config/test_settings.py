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

# On SQLite the test database is a file, not Django's shared in-memory one: the concurrency
# tests (tests/concurrency) write from many connections at once, and a shared in-memory
# database answers "database table is locked" instead of waiting its turn. The file is
# named for this process, so two test runs side by side never share (or delete) one.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"spinewise-test-{os.getpid()}.sqlite3")
    }
