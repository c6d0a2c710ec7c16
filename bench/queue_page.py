"""GET /consultations/queue/ with 5,000 call-back requests on PostgreSQL: p95 under 150 ms.

Run from the project folder:  .venv/bin/python -m bench.queue_page
Options: --rows 5000 --requests 300 --warmup 30 --rounds 3 --workers 2 --profile.
A benchmark, not a test: it exits 0 whatever the speed, and non-zero only when the setup
fails or a page answers anything but 200 with "Call-back queue" in it.

What it does:
1. creates a throwaway PostgreSQL database on 127.0.0.1:5432 (user postgres) and runs
   `manage.py migrate` and `manage.py collectstatic` (into a temporary STATIC_ROOT) with
   production-like settings: DEBUG off, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
   SITE_URL=http://127.0.0.1:<port> (plain HTTP on loopback: no HTTPS redirect),
   TASK_BACKEND=database;
2. seeds, with bulk_create, --rows requests for the site's clinic and as many for a second
   clinic (scoping: the staff member must see only their own clinic's), over the last
   60 days: 25 % new, 20 % tried to call, 15 % call booked, 28 % completed, 12 % closed;
   10 % urgent; most open requests recent, some older (overdue); about half given to one
   of the clinic's team; due_at = asked + 4 h (urgent) or + 1 day (routine), in plain time;
   a few hundred QueueNote lines;
3. counts the SQL queries of each page in-process (django.test.Client, same database),
   once with an empty queue and once with the rows, to show the count does not grow;
4. serves the project with gunicorn (--workers sync workers) on a free port of 127.0.0.1,
   signs the staff member in by creating a session (Client.force_login) and sends its
   cookie; after a warm-up, sends --requests GETs one after another to each of three
   URLs (default filters, ?status=all, ?overdue=1) per round, the URL order rotating each
   round, and times each from sending the request to the last byte of the answer.
   http.client asks for keep-alive, but gunicorn's sync workers close the connection after
   each answer, so every timed request includes a TCP connect on loopback;
5. reports, per URL, the median over the rounds of each round's median, p95 and p99;
6. always stops gunicorn and drops the database at the end, also on errors and Ctrl+C.

--profile also prints EXPLAIN ANALYZE timings of every SELECT of the default page and the
top functions of one in-process request under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import os
import platform
import pstats
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from bench.serving import (
    HOST,
    PROJECT_DIR,
    BenchError,
    free_port,
    gunicorn,
    load,
    manage,
    run,
    workers_cpu_seconds,
)

PG_URL = f"postgresql://postgres@{HOST}:5432"
QUEUE = "/consultations/queue/"
URLS = (QUEUE, f"{QUEUE}?status=all", f"{QUEUE}?overdue=1")
MARKER = b"Call-back queue"
TARGET_MS = 150.0
BENCH_EMAIL = "queue-bench@example.org"
SEED = 20261124
FIRST_STEP = 60  # more than one page of 50: the SQL is counted at this size too

FIRST_NAMES = ("Amara", "Ben", "Chloe", "Dev", "Farid", "Grace", "Kiran", "Priya", "Rosa", "Yusuf")
LAST_NAMES = ("Ahmed", "Baker", "Doyle", "Fletcher", "Khan", "Lima", "Nowak", "Patel", "Shah")
REASONS = (
    "",
    "",
    "Is the exercise plan right for me?",
    "My back pain is worse after sitting.",
    "Can we talk about my leg pain?",
    "I would like to book a physio assessment.",
    "The pain wakes me at night.",
)


# --- Setup: database, environment, server --------------------------------------------------


def server_environment(folder: Path, port: int, database: str) -> dict[str, str]:
    """The variables of docs/configuration.md, set for a throwaway production-like server."""
    env = dict(os.environ)
    env.pop("DEBUG", None)
    env.update(
        DJANGO_SETTINGS_MODULE="spinewise.config.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")])),
        SECRET_KEY=secrets.token_urlsafe(64),
        SITE_URL=f"http://{HOST}:{port}",  # plain HTTP on loopback: no HTTPS redirect
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"postgres://postgres@{HOST}:5432/{database}",
        SPINEWISE_DATA_DIR=str(folder),
        STATIC_ROOT=str(folder / "static"),
        TASK_BACKEND="database",
        LOG_LEVEL="WARNING",
    )
    return env


def admin_connection() -> psycopg.Connection[Any]:
    return psycopg.connect(f"{PG_URL}/postgres", autocommit=True, connect_timeout=10)


def create_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute("SET lock_timeout = '20s'")
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def postgres_version() -> str:
    with admin_connection() as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]).split()[0] if row else "?"


def login_page_status(port: int) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", "/accounts/login/")
        return connection.getresponse().status
    finally:
        connection.close()


# --- Data (Django is set up in this process against the same database) ---------------------


@contextmanager
def keep_given_created_at(*models: Any) -> Iterator[None]:
    """bulk_create would stamp created_at with now (auto_now_add); keep the seeded times."""
    fields = [model._meta.get_field("created_at") for model in models]
    try:
        for field in fields:
            field.auto_now_add = False
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def make_team(clinic: Any, prefix: str, size: int) -> list[Any]:
    from spinewise.accounts.models import Membership, Role, User

    people = []
    for number in range(size):
        role = Role.CLINICIAN if number == size - 1 else Role.STAFF
        user = User.objects.create_user(
            f"{prefix}{number}@example.org", None, full_name=f"{prefix.title()} Team {number}"
        )
        Membership.objects.create(user=user, clinic=clinic, role=role)
        people.append(user)
    return people


def seed_clinic(clinic: Any, team: list[Any], rows: int, rng: random.Random, now: datetime) -> None:
    from spinewise.clinical import Triage
    from spinewise.consultations.models import (
        CallOutcome,
        ClosedReason,
        ConsultationRequest,
        PreferredTime,
        QueueNote,
        Status,
        Urgency,
    )

    statuses = [Status.NEW, Status.ATTEMPTED, Status.SCHEDULED, Status.COMPLETED, Status.CLOSED]
    weights = [25, 20, 15, 28, 12]
    triages = ["", "", Triage.SELF_CARE, Triage.REVIEW, Triage.URGENT]
    requests = []
    for number in range(rows):
        status = rng.choices(statuses, weights)[0]
        urgent = rng.random() < 0.10
        is_open = status in (Status.NEW, Status.ATTEMPTED, Status.SCHEDULED)
        if is_open and rng.random() < 0.85:
            created = now - timedelta(hours=rng.uniform(0, 20))  # this morning's calls
        else:
            created = now - timedelta(days=rng.uniform(0, 60))  # older, or a stale backlog
        due = created + (timedelta(hours=4) if urgent else timedelta(days=1))
        resolved = None
        scheduled = None
        attempts = 0
        reason = ""
        if status == Status.ATTEMPTED:
            attempts = rng.randint(1, 2)
        elif status == Status.SCHEDULED:
            attempts = 1
            scheduled = now + timedelta(hours=rng.uniform(-6, 120))  # a few are past
        elif not is_open:
            resolved = min(now, created + timedelta(hours=rng.uniform(0.5, 48)))
            if status == Status.CLOSED:
                reason = rng.choice([ClosedReason.NO_ANSWER, ClosedReason.NOT_NEEDED])
                attempts = 3 if reason == ClosedReason.NO_ANSWER else 1
            else:
                attempts = rng.randint(1, 2)
        assigned = (status != Status.NEW and rng.random() < 0.7) or rng.random() < 0.15
        triage = rng.choice(triages)
        requests.append(
            ConsultationRequest(
                clinic=clinic,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                phone=f"+447700900{number % 1000:03d}",  # Ofcom's drama range
                preferred_time=rng.choice(PreferredTime.values),
                reason=rng.choice(REASONS),
                consent_to_contact=True,
                triage=triage,
                urgency=Urgency.URGENT if urgent else Urgency.ROUTINE,
                status=status,
                closed_reason=reason,
                attempts=attempts,
                scheduled_for=scheduled,
                assigned_to=rng.choice(team) if assigned else None,
                due_at=due,
                resolved_at=resolved,
                client_hash=secrets.token_hex(16),
                created_at=created,
            )
        )
    with keep_given_created_at(ConsultationRequest, QueueNote):
        made = ConsultationRequest.objects.bulk_create(requests, batch_size=1000)
        notes = [
            QueueNote(
                request=request,
                kind=QueueNote.Kind.ATTEMPT,
                outcome=rng.choice(CallOutcome.values),
                note="Rang once.",
                author=request.assigned_to or team[0],
                created_at=request.created_at + timedelta(hours=1),
            )
            for request in made[::20]
            if request.status != Status.NEW
        ]
        QueueNote.objects.bulk_create(notes, batch_size=1000)


def seed(user_clinic: Any, rows: int, now: datetime, client: Any) -> dict[int, dict[str, int]]:
    """Seed in two steps, counting each page's SQL queries at each size; return the counts."""
    from spinewise.accounts.models import Clinic

    rng = random.Random(SEED)
    counts = {0: query_counts(client)}
    other = Clinic.objects.create(
        name="Second Clinic",
        slug="bench-second",
        phone="+44 161 496 0000",
        opening_hours="Mon-Fri 08:00-18:00",
    )
    team = [*make_team(user_clinic, "main", 4), bench_user()]
    first = min(rows, FIRST_STEP)
    seed_clinic(user_clinic, team, first, rng, now)
    counts[first] = query_counts(client)
    seed_clinic(user_clinic, team, rows - first, rng, now)
    seed_clinic(other, make_team(other, "second", 3), rows, rng, now)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would soon after a big load
    counts[rows] = query_counts(client)
    return counts


def bench_user() -> Any:
    from spinewise.accounts.models import User

    return User.objects.get(email=BENCH_EMAIL)


def create_bench_user() -> Any:
    from spinewise.accounts.clinics import site_clinic
    from spinewise.accounts.models import Membership, Role, User

    clinic = site_clinic()
    user = User.objects.create_user(BENCH_EMAIL, None, full_name="Bench Front Desk")
    Membership.objects.create(user=user, clinic=clinic, role=Role.STAFF)
    return clinic


def signed_in_client() -> Any:
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.force_login(bench_user())
    return client


def fetch_in_process(client: Any, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200 or MARKER not in response.content:
        raise BenchError(f"in-process {url} answered {response.status_code}")
    return bytes(response.content)


def query_counts(client: Any) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in URLS:
        fetch_in_process(client, url)  # once untimed: first-use caches
        with CaptureQueriesContext(connection) as captured:
            fetch_in_process(client, url)
        counts[url] = len(captured.captured_queries)
    return counts


def queue_figures(now: datetime) -> str:
    from spinewise.consultations import queue

    user = bench_user()
    shown = {
        url: queue.queue(user, queue.Filters.from_params(params), now).count()
        for url, params in (
            (URLS[0], {}),
            (URLS[1], {"status": "all"}),
            (URLS[2], {"overdue": "1"}),
        )
    }
    totals = queue.summary(user, now)
    return (
        f"the staff member's queue: {totals['open']:,} still to do, {totals['overdue']:,} "
        f"overdue, {totals['urgent']:,} urgent; rows matching: "
        + ", ".join(f"{url} {count:,}" for url, count in shown.items())
    )


PROFILE_FILTER = "spinewise|phonenumbers|defaultfilters|dateformat|urls/base|loader_tags|psycopg"


def profile(client: Any) -> None:
    """Time the default page in-process, EXPLAIN ANALYZE its SELECTs, cProfile 20 requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(40):
        start = time.perf_counter()
        fetch_in_process(client, QUEUE)
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"PROFILE GET {QUEUE} in-process (test Client, no HTTP): median "
        f"{statistics.median(times):.1f} ms, min {min(times):.1f} ms over 40 requests"
    )
    with CaptureQueriesContext(connection) as captured:
        fetch_in_process(client, QUEUE)
    print(f"PROFILE SQL of GET {QUEUE}: {len(captured.captured_queries)} statements")
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            text = query["sql"]
            if not text.lstrip().upper().startswith("SELECT"):
                print(f"  {'':>9}  {text[:100]}")
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + text)
            plan = [row[0].strip() for row in cursor.fetchall()]
            took = plan[-1].removeprefix("Execution Time: ")
            print(f"  {took:>9}  {text[:100]}\n{'':13}plan: {plan[0][:100]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        fetch_in_process(client, QUEUE)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(PROFILE_FILTER, 30)
    print(f"PROFILE cProfile of 20 in-process GET {QUEUE} (the project's code, templates, SQL):")
    print(out.getvalue())


# --- Timing ------------------------------------------------------------------------------


class Browser:
    """One signed-in client, one request at a time; reconnects whenever the server closes."""

    def __init__(self, port: int, session_cookie: str) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.headers = {"Cookie": f"sessionid={session_cookie}", "Accept": "text/html"}

    def get(self, url: str) -> float:
        """Send one GET; return milliseconds from sending to the last byte read."""
        start = time.perf_counter()
        self.connection.request("GET", url, headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200 or MARKER not in body:
            raise BenchError(f"{url} answered {response.status}: {body[:300]!r}")
        return elapsed

    def run(self, url: str, count: int) -> list[float]:
        return [self.get(url) for _ in range(count)]


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def describe(latencies: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(latencies),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
    }


def measure(args: argparse.Namespace) -> None:
    database = f"spinewise_bench_queue_{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory(prefix="spinewise-bench-queue-") as tmp:
        folder = Path(tmp)
        (folder / "static").mkdir()
        port = free_port()
        env = server_environment(folder, port, database)
        log = folder / "server.log"
        created = False
        try:
            create_database(database)
            created = True
            run_benchmark(args, env, folder, port, log)
        finally:
            with suppress(Exception):
                from django.db import connections

                connections.close_all()
            if created:
                drop_database(database)
                print(f"(dropped database {database})")


def run_benchmark(
    args: argparse.Namespace, env: dict[str, str], folder: Path, port: int, log: Path
) -> None:
    started = time.monotonic()
    manage(env, log, "migrate", "--noinput", "--verbosity", "0")
    manage(env, log, "collectstatic", "--noinput", "--verbosity", "0")
    os.environ.pop("DEBUG", None)
    os.environ.update(env)
    import django

    django.setup()
    from django.utils import timezone

    site = create_bench_user()
    client = signed_in_client()
    now = timezone.now()
    counts = seed(site, args.rows, now, client)
    print(
        f"Queue page benchmark: gunicorn, {args.workers} sync workers on {HOST}:{port}, "
        f"DEBUG off; PostgreSQL {postgres_version()} on {HOST}; Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs; {load()} at start"
    )
    print(
        f"Data: {args.rows:,} requests for the staff member's clinic and {args.rows:,} for a "
        f"second clinic (seeded in {time.monotonic() - started:.1f} s with migrate); "
        + queue_figures(now)
    )
    for url in URLS:
        print(
            f"SQL queries for GET {url}: "
            + ", ".join(
                f"{by_size[url]} with {size:,} requests" for size, by_size in counts.items()
            )
        )
    if args.profile:
        profile(client)
    session_cookie = client.cookies["sessionid"].value
    print(
        f"{args.rounds} rounds of {args.requests:,} sequential GETs per URL after "
        f"{args.warmup:,} warm-up GETs per URL; one client; a new connection per request"
    )
    latencies: dict[str, list[list[float]]] = {url: [] for url in URLS}
    cpu_ms: dict[str, list[float]] = {url: [] for url in URLS}  # gunicorn CPU per request
    with gunicorn(
        env,
        port,
        log,
        workers=args.workers,
        probe=lambda: login_page_status(port),
        ready_status=200,
    ) as server:
        browser = Browser(port, session_cookie)
        for url in URLS:
            browser.run(url, args.warmup)
        for round_number in range(args.rounds):
            shift = round_number % len(URLS)  # rotate which URL goes first
            for url in URLS[shift:] + URLS[:shift]:
                before = workers_cpu_seconds(server.pid)
                latencies[url].append(browser.run(url, args.requests))
                used = workers_cpu_seconds(server.pid) - before
                cpu_ms[url].append(used * 1000 / args.requests)
            print(
                f"  round {round_number + 1} ({load()}): "
                + "; ".join(
                    f"{url} median {describe(rounds[-1])['median']:.1f} ms, "
                    f"p95 {describe(rounds[-1])['p95']:.1f} ms"
                    for url, rounds in latencies.items()
                )
            )
    verdicts = []
    for url, rounds in latencies.items():
        per_round = [describe(values) for values in rounds]
        figures = {key: statistics.median(r[key] for r in per_round) for key in per_round[0]}
        pooled = [value for values in rounds for value in values]
        met = figures["p95"] < TARGET_MS
        verdicts.append(met)
        print(
            f"RESULT GET {url:<32} median {figures['median']:6.1f} ms, "
            f"p95 {figures['p95']:6.1f} ms, p99 {figures['p99']:6.1f} ms "
            f"(medians of {len(rounds)} rounds; max of all {max(pooled):.1f} ms; "
            f"gunicorn CPU {statistics.median(cpu_ms[url]):.1f} ms a request) "
            f"-> {'MET' if met else 'MISSED'}"
        )
    print(
        f"RESULT p95 target < {TARGET_MS:.0f} ms on every URL: "
        f"{'MET' if all(verdicts) else 'MISSED'}"
    )
    print(f"({load()} at end: other work on the machine slows the figures)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000, help="requests per clinic")
    parser.add_argument("--requests", type=int, default=300, help="per URL per round")
    parser.add_argument("--warmup", type=int, default=30, help="per URL, not timed")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--profile", action="store_true", help="EXPLAIN ANALYZE the SQL and cProfile a request"
    )
    return run(measure, parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
