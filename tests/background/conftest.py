"""The background tests' fixtures: a real Redis for the Redis worker, emptied around each
test, and the example tasks' record of runs."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from pytest_django import Settings
from redis import Redis
from redis.exceptions import RedisError

from tests.background import example_tasks

# A database of its own on the Redis that CI runs (and the one on a developer's machine):
# the tests empty it, so never point this at one that holds anything.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Test runs side by side (two checkouts, SQLite and PostgreSQL) take turns on it.
LOCK = "spinewise-tests:lock"

RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _empty(client: Redis) -> None:
    for key in client.scan_iter(count=1000):
        if key != LOCK.encode():
            client.delete(key)


@pytest.fixture(autouse=True)
def _no_runs_yet() -> Iterator[None]:
    example_tasks.RUNS.clear()
    yield
    example_tasks.RUNS.clear()


@pytest.fixture
def redis_queue(settings: Settings) -> Iterator[Redis]:
    """TASK_BACKEND=redis on a real, empty Redis; retries without waiting."""
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=10)
    try:
        client.ping()
    except RedisError as error:
        reason = (
            f"Redis is not reachable at {REDIS_URL} ({error}); the Redis worker tests need "
            "one (CI runs it on 127.0.0.1:6379; set TEST_REDIS_URL for another)."
        )
        if os.environ.get("REQUIRE_REDIS") == "1":  # where one must be there, e.g. CI
            pytest.fail(reason)
        pytest.skip(reason)
    settings.TASKS = RQ_TASKS
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASK_RETRY_DELAYS = [0, 0, 0]
    with client.lock(LOCK, timeout=600, blocking_timeout=600):
        _empty(client)
        try:
            yield client
        finally:
            _empty(client)
    client.close()


@pytest.fixture
def database_queue(settings: Settings) -> None:
    """TASK_BACKEND=database; retries without waiting."""
    settings.TASKS = DATABASE_TASKS
    settings.TASK_RETRY_DELAYS = [0, 0, 0]
