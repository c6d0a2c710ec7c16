"""What the HTTP benchmarks share: a gunicorn on loopback that always stops, and errors.

Only ever 127.0.0.1: the benchmarks never talk to anything else.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
READY_SECONDS = 60


class BenchError(Exception):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU time used so far by gunicorn's workers (the master's children)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    with suppress(OSError):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        for child in children:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


# migrate, collectstatic, load_demo: far more than they need.
STEP_SECONDS = 600


def manage(env: dict[str, str], log: Path, *args: str) -> None:
    """Run one manage.py step for a benchmark, its output appended to `log`."""
    with log.open("ab") as out:
        try:
            done = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=PROJECT_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
                timeout=STEP_SECONDS,
            )
        except subprocess.TimeoutExpired as exc:
            raise BenchError(f"manage.py {args[0]} took over {STEP_SECONDS} s") from exc
    if done.returncode != 0:
        raise BenchError(f"manage.py {args[0]} failed:\n{tail(log)}")


def load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def on_terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # run the `finally` blocks: gunicorn stopped, data dropped


def run(measure: Callable[[argparse.Namespace], None], args: argparse.Namespace) -> int:
    """Run a benchmark to its end, cleaning up on SIGTERM too; 1 with a message if it fails."""
    signal.signal(signal.SIGTERM, on_terminate)
    try:
        measure(args)
    except BenchError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    return 0


@contextmanager
def gunicorn(
    env: dict[str, str],
    port: int,
    log: Path,
    *,
    workers: int,
    probe: Callable[[], int],
    ready_status: int,
    cpu: int | None = None,
    extra: Sequence[str] = (),
) -> Iterator[subprocess.Popen[bytes]]:
    """Serve the project with `workers` sync workers until the block ends.

    `probe` sends one request and returns its status (OSError while not listening yet);
    `extra` are more gunicorn options (e.g. an access log).
    """
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--chdir",
        str(PROJECT_DIR),
        "--log-level",
        "warning",
        *extra,
        "spinewise.config.wsgi:application",
    ]
    if cpu is not None:  # workers are forked from the master and inherit this
        command = ["taskset", "--cpu-list", str(cpu), *command]
    with log.open("ab") as out:
        # Its own session, so that the rare forced stop below reaches the workers too.
        server = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=out, start_new_session=True
        )
    try:
        _wait_until_ready(server, log, probe, ready_status)
        yield server
    finally:
        stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.terminate()  # gunicorn's master stops its workers on SIGTERM
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=15)


def _wait_until_ready(
    server: subprocess.Popen[bytes], log: Path, probe: Callable[[], int], ready_status: int
) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with {server.returncode}:\n{tail(log)}")
        try:
            status = probe()
        except OSError:
            time.sleep(0.1)
            continue
        if status == ready_status:
            return
        raise BenchError(f"the first request answered {status} while starting:\n{tail(log)}")
    raise BenchError(f"gunicorn was not ready after {READY_SECONDS} s:\n{tail(log)}")
