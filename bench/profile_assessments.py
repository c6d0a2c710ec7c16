"""Where the time of POST /api/v1/assessments goes: cProfile over the WSGI app, in process.

Run from the project folder:  .venv/bin/python -m bench.profile_assessments
Options: --requests 2000 --top 25 --sort cumulative|tottime.

Same settings as bench/http_assessments.py (DEBUG off, a throwaway SQLite database in a
temporary folder, the bench URLs), but no server and no sockets: requests are handed to
Django's WSGI handler directly, each from one of many addresses, so only Django and our
code are measured. cProfile slows everything down, and slows many small Python calls
(the ORM, pydantic glue) more than C calls (SQLite): read the shares, not the times.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.answers import ANSWER_SETS

PROJECT_DIR = Path(__file__).resolve().parent.parent
ASSESSMENTS = "/api/v1/assessments"
# (label, file name ending, function name): the parts of one request worth naming.
PARTS = (
    ("whole request (Django WSGI handler)", "django/core/handlers/wsgi.py", "__call__"),
    ("django-ninja: parse, validate, call, serialise", "ninja/operation.py", "run"),
    ("  our API function", "assessments/api.py", "create_assessment"),
    ("    clinic_for (site clinic lookup)", "assessments/services.py", "clinic_for"),
    ("    services.create_assessment", "assessments/services.py", "create_assessment"),
    ("      evaluate (clinical.assess)", "assessments/services.py", "evaluate"),
    ("      check_limit (per-address COUNT)", "web/throttle.py", "check_limit"),
    ("      _store (build the row, INSERT, commit)", "assessments/services.py", "_store"),
    ("        storage.insert", "assessments/storage.py", "insert"),
)


def configure(folder: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        SITE_URL="http://127.0.0.1:8000",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{folder / 'profile.sqlite3'}",
        SPINEWISE_DATA_DIR=str(folder),
        STATIC_ROOT=str(folder),
        TASK_BACKEND="database",
        ASSESSMENTS_PER_HOUR=str(10**9),
        LOG_LEVEL="WARNING",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR)},
        check=True,
    )


def requester(application: Callable[..., Any]) -> Callable[[int], None]:
    bodies = [json.dumps({"answers": answers}).encode() for _, answers, _ in ANSWER_SETS]

    def post(number: int) -> None:
        body = bodies[number % len(bodies)]
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": ASSESSMENTS,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            # 50 requests per address, as bench/http_assessments.py sends them
            "REMOTE_ADDR": f"10.{number // 50 // 65536 % 256}.{number // 50 // 256 % 256}."
            f"{number // 50 % 256}",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        statuses: list[str] = []
        response = application(
            environ, lambda status, headers, exc_info=None: statuses.append(status)
        )
        content = b"".join(response)
        response.close()
        if not statuses[0].startswith("201"):
            sys.exit(f"{ASSESSMENTS} answered {statuses[0]}: {content[:300]!r}")

    return post


def part_times(stats: pstats.Stats, requests: int) -> list[tuple[str, float]]:
    """Cumulative milliseconds per request of each part in PARTS, as cProfile saw them."""
    found = []
    table = stats.stats  # type: ignore[attr-defined]  # filled by pstats, not in its stubs
    for label, file_end, function in PARTS:
        seconds = sum(
            row[3]
            for (file, _, name), row in table.items()
            if name == function and file.replace(os.sep, "/").endswith(file_end)
        )
        found.append((label, seconds * 1000 / requests))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25, help="rows of the full profile")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="spinewise-profile-") as tmp:
        configure(Path(tmp))
        import django
        from django.core.wsgi import get_wsgi_application

        django.setup()
        post = requester(get_wsgi_application())
        for number in range(200):  # warm-up, from addresses the timed part does not use
            post(10**7 + number)
        start = time.perf_counter()
        for number in range(args.requests):
            post(number)
        plain = args.requests / (time.perf_counter() - start)
        profile = cProfile.Profile()
        profile.enable()
        for number in range(args.requests, 2 * args.requests):
            post(number)
        profile.disable()

    stats = pstats.Stats(profile)
    parts = part_times(stats, args.requests)
    whole = parts[0][1]
    print(f"{ASSESSMENTS}, in process, no server: {plain:,.1f} requests/s without the profiler")
    print(f"Under cProfile, per request ({args.requests:,} requests):")
    for label, milliseconds in parts:
        print(f"  {label:<48} {milliseconds:6.3f} ms  {milliseconds / whole:4.0%}")
    print()
    stats.sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
