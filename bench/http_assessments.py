"""POST /api/v1/assessments against a bare Django JSON view, both under one gunicorn worker.

Target: the assessment API serves at least 50 % of the requests per second of the bare
view (the ceiling: same server, same settings and middleware, same JSON body, no work).

Run from the project folder:  .venv/bin/python -m bench.http_assessments
Options: --requests 2000 --warmup 200 --rounds 5 --pin. A benchmark, not a test: it exits 0
whatever the speed, and non-zero only when the server fails or answers unexpectedly.

What it does: migrates a throwaway SQLite database in a temporary folder, starts gunicorn
(1 sync worker) on a free port of 127.0.0.1 with DEBUG off, a random SECRET_KEY and the
per-address assessment limit raised, then sends the requests one after another from this
process (http.client; gunicorn's sync worker closes the connection after every response,
so each request opens a new one, for both endpoints alike). gunicorn is stopped at the
end, also on errors and Ctrl+C.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.answers import ANSWER_SETS
from bench.serving import (
    HOST,
    PROJECT_DIR,
    BenchError,
    free_port,
    gunicorn,
    load,
    run,
    tail,
)

BARE = "/bench/bare"
# Not the target's ceiling: a bare view that also stores one row, for reference.
BARE_STORE = "/bench/bare-store"
ASSESSMENTS = "/api/v1/assessments"
TARGET_RATIO = 0.50


@contextmanager
def throwaway_database(folder: Path, postgres: str | None) -> Iterator[str]:
    """A new, empty database for this run: a SQLite file, or one on a local PostgreSQL."""
    if not postgres:
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    import psycopg  # only needed for this option

    server = urlsplit(postgres)
    if server.hostname not in ("127.0.0.1", "localhost"):
        raise BenchError("--postgres must be a server on 127.0.0.1")
    name = f"spinewise_bench_assess_{secrets.token_hex(4)}"
    admin = urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(server._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(folder: Path, port: int, database_url: str) -> dict[str, str]:
    """The variables of docs/configuration.md, set for a throwaway production-like server."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")])),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        SITE_URL=f"http://{HOST}:{port}",  # plain HTTP on loopback: no HTTPS redirect
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        SPINEWISE_DATA_DIR=str(folder),
        STATIC_ROOT=str(folder / "static"),
        TASK_BACKEND="database",
        # Every request comes from 127.0.0.1; the default (60 an hour) would answer 429.
        ASSESSMENTS_PER_HOUR=str(10**9),
        LOG_LEVEL="WARNING",
    )
    (folder / "static").mkdir(exist_ok=True)
    return env


def migrate(env: dict[str, str], log: Path) -> None:
    with log.open("ab") as out:
        done = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode != 0:
        raise BenchError(f"manage.py migrate failed:\n{tail(log)}")


def loopback_addresses() -> Iterator[str]:
    """127.0.1.1, 127.0.1.2, ...: other addresses of this machine's own loopback network."""
    for third in range(1, 255):
        for fourth in range(1, 255):
            yield f"127.0.{third}.{fourth}"


class Client:
    """One client, one request at a time; reconnects whenever the server closes.

    With `per_address`, every `per_address` requests come from the next loopback address
    (127.0.1.1, 127.0.1.2, ...; always to 127.0.0.1), as from many people: the per-address
    count behind the rate limit then covers a few dozen rows, as on a live site, instead
    of every row the benchmark has stored.
    """

    def __init__(self, port: int, per_address: int = 0) -> None:
        self.port = port
        self.per_address = per_address
        self.addresses = loopback_addresses()
        self.sent = 0
        self.connection = self.connect()

    def connect(self) -> http.client.HTTPConnection:
        source = (next(self.addresses), 0) if self.per_address else None
        return http.client.HTTPConnection(HOST, self.port, timeout=30, source_address=source)

    def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.per_address and self.sent and self.sent % self.per_address == 0:
            self.connection.close()
            self.connection = self.connect()
        self.sent += 1
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        self.connection.request("POST", path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()

    def run(self, path: str, bodies: list[bytes], count: int) -> float:
        """Send `count` requests, cycling through `bodies`; return requests per second."""
        start = time.perf_counter()
        for i in range(count):
            status, reply = self.post(path, bodies[i % len(bodies)])
            if status != 201:
                raise BenchError(f"{path} answered {status}: {reply[:500]!r}")
        return count / (time.perf_counter() - start)


def check_results(client: Client) -> None:
    """Each answer set must come back stored (201) with its triage: real work is timed."""
    for name, answers, expected in ANSWER_SETS:
        status, reply = client.post(ASSESSMENTS, json.dumps({"answers": answers}).encode())
        if status != 201 or json.loads(reply)["triage"] != expected:
            raise BenchError(f"answer set {name!r}: {status} {reply[:500]!r}")


def summary(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):>7,.1f} req/s "
        f"(min {min(values):,.1f}, max {max(values):,.1f})"
    )


def measure(args: argparse.Namespace) -> None:
    bodies = [json.dumps({"answers": answers}).encode() for _, answers, _ in ANSWER_SETS]
    if args.pin:
        os.sched_setaffinity(0, {0})
    with (
        tempfile.TemporaryDirectory(prefix="spinewise-bench-") as tmp,
        throwaway_database(Path(tmp), args.postgres) as database_url,
    ):
        folder = Path(tmp)
        port = free_port()
        env = server_environment(folder, port, database_url)
        log = folder / "server.log"
        migrate(env, log)
        database = "a new PostgreSQL database" if args.postgres else f"SQLite in {folder}"
        pinning = "client on CPU 0, server on CPU 1" if args.pin else "not pinned"
        senders = (
            f"{args.per_address} requests from each loopback address"
            if args.per_address
            else f"every request from {HOST}"
        )
        print(
            f"HTTP benchmark: gunicorn, 1 sync worker on {HOST}:{port}, DEBUG off, {database}; "
            f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {pinning}, "
            f"{load()} at start"
        )
        print(
            f"{args.rounds} rounds of {args.requests:,} requests per endpoint after "
            f"{args.warmup:,} warm-up requests; {len(bodies)} answer sets in turn; {senders}"
        )

        def ready() -> int:
            return Client(port).post(BARE, b'{"answers": {}}')[0]

        cpu = 1 if args.pin else None
        with gunicorn(env, port, log, workers=1, probe=ready, ready_status=201, cpu=cpu):
            client = Client(port, per_address=args.per_address)
            check_results(client)
            for path in (BARE, BARE_STORE, ASSESSMENTS):
                client.run(path, bodies, args.warmup)
            rates: dict[str, list[float]] = {BARE: [], BARE_STORE: [], ASSESSMENTS: []}
            for round_number in range(args.rounds):
                # Alternate which goes first, so slow spells hit them alike.
                order = (BARE, BARE_STORE, ASSESSMENTS)
                if round_number % 2:
                    order = order[::-1]
                for path in order:
                    rates[path].append(client.run(path, bodies, args.requests))
                bare, assessed = rates[BARE][-1], rates[ASSESSMENTS][-1]
                print(
                    f"  round {round_number + 1}: bare {bare:,.1f} req/s, "
                    f"assessments {assessed:,.1f} req/s, ratio {assessed / bare:.0%}"
                )
    ratio = statistics.median(rates[ASSESSMENTS]) / statistics.median(rates[BARE])
    verdict = "MET" if ratio >= TARGET_RATIO else "MISSED"
    print(f"RESULT bare Django JSON view (ceiling): {summary(rates[BARE])}")
    print(f"RESULT POST {ASSESSMENTS}:          {summary(rates[ASSESSMENTS])}")
    stored = statistics.median(rates[ASSESSMENTS]) / statistics.median(rates[BARE_STORE])
    print(
        f"REFERENCE bare view that stores one row: {summary(rates[BARE_STORE])}; "
        f"the API reaches {stored:.0%} of it"
    )
    print(
        f"RESULT ratio of medians {ratio:.0%}; target >= {TARGET_RATIO:.0%} of the ceiling: "
        f"{verdict}"
    )
    print(f"({load()} at end: other work on the machine lowers the figures)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint per round")
    parser.add_argument("--warmup", type=int, default=200, help="per endpoint, not timed")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--per-address",
        type=int,
        default=50,
        help="requests from each loopback address before the next one; 0: all from 127.0.0.1 "
        "(then the rate-limit count grows with every stored row)",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="use a new database (created, then dropped) on this local PostgreSQL server, "
        "e.g. postgres://postgres@127.0.0.1:5432, instead of SQLite",
    )
    parser.add_argument(
        "--pin", action="store_true", help="client on CPU 0, gunicorn on CPU 1 (taskset)"
    )
    return run(measure, parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
