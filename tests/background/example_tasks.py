"""Tasks for the worker tests, in a module of their own: a worker imports a task by its
dotted path, as it does ours."""

from __future__ import annotations

from django_tasks import task

# Each run appends the name it was given, so a test can count the attempts.
RUNS: list[str] = []

PATIENT = "Jane Testpatient"


@task()
def always_fails(name: str) -> None:
    """Fails every time, with the patient's name in its message, as real errors can."""
    RUNS.append(name)
    raise RuntimeError(f"Could not write to {name}")


@task()
def fails_once(name: str) -> str:
    """Fails on its first attempt only."""
    RUNS.append(name)
    if len(RUNS) == 1:
        raise ConnectionError(f"The mail server hung up on {name}")
    return "sent"


@task()
def broken_sweep() -> None:
    """A sweep that fails (the tests register it with sweeps.sweep)."""
    RUNS.append("sweep")
    raise RuntimeError("The sweep broke")
