"""Prove that the backups in docs/deploy.md restore (`make backup-check`).

Loads the demo clinic into a new database, backs it up and restores it into another new
database with the very scripts docs/deploy.md tells a clinic to run (scripts/backup-*.sh
and scripts/restore-*.sh), then compares every table row for row and runs
`manage.py verify_audit` on the restored copy when that command exists.

SQLite by default (temporary files). PostgreSQL when DATABASE_URL points at a PostgreSQL
server: the check makes its own databases there (and a role to own the restored one) and
drops them again. Exits 1 on any difference, 0 with a plain "skipped" when a tool it needs
is missing, and removes its databases and files however it ends.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote

import dj_database_url
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
DEPLOY_DOCS = ROOT / "docs" / "deploy.md"
SHOWN_SCRIPTS = (
    "backup-postgres.sh",
    "restore-postgres.sh",
    "backup-sqlite.sh",
    "restore-sqlite.sh",
)

# What the demo clinic must hold, else the check would prove nothing.
REQUIRED = {
    "accounts.User": "people",
    "programmes.Programme": "programmes",
    "consultations.ConsultationRequest": "call requests",
    "accounts.ApiToken": "API keys",
    "audit.AuditEntry": "audit entries",
}

# A table's rows: how many, and a digest of their contents in any order.
Snapshot = dict[str, tuple[int, str]]


class Skip(Exception):
    """A tool the check needs is missing: say so and exit 0."""


class Failure(Exception):
    """The backup or the restore did not work: say why and exit 1."""


@dataclass(frozen=True)
class Seeded:
    """What the demo database holds, as the seeding process saw it."""

    tables: dict[str, str]  # model label -> table, every model of spinewise.*
    has_verify_audit: bool


@dataclass(frozen=True)
class Encryption:
    passphrase_file: Path | None  # None: gpg is missing, the backup is not encrypted
    gnupg_home: Path


# --- Helpers ------------------------------------------------------------------------------


def run(args: Sequence[str | Path], env: dict[str, str], what: str) -> str:
    """Run a command; its output, or a Failure that shows the end of what it said."""
    done = _run(args, env)
    if done.returncode != 0:
        said = (done.stderr + done.stdout).strip().splitlines()[-15:]
        raise Failure(f"{what} failed (exit {done.returncode}):\n    " + "\n    ".join(said))
    return done.stdout


def _run(args: Sequence[str | Path], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Our own scripts and tools, never input from elsewhere.
    return subprocess.run(  # noqa: S603
        [str(arg) for arg in args], env=env, capture_output=True, text=True, check=False
    )


def missing_tools(names: Iterable[str]) -> list[str]:
    return [name for name in names if shutil.which(name) is None]


def shown_scripts_match_docs() -> None:
    """docs/deploy.md quotes each script's commands verbatim: they must still be the script's.

    A quote is a ```sh block whose first line is `# scripts/<name>`; the rest of the block
    must appear, exactly and in one piece, in that script.
    """
    text = DEPLOY_DOCS.read_text(encoding="utf-8")
    quoted: set[str] = set()
    for block in re.findall(r"^```sh\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL):
        first, _, commands = block.partition("\n")
        shown = re.fullmatch(r"# scripts/([\w.-]+)\b.*", first)
        if shown is None:
            continue
        name = shown.group(1)
        script = SCRIPTS / name
        if not script.is_file() or commands not in script.read_text(encoding="utf-8"):
            raise Failure(
                f"docs/deploy.md shows commands of scripts/{name} that the script does not run "
                "(as they stand, in one piece): update the docs or the script."
            )
        quoted.add(name)
    if unquoted := [name for name in SHOWN_SCRIPTS if name not in quoted]:
        raise Failure(f"docs/deploy.md no longer shows the commands of {', '.join(unquoted)}.")


def django_env(database_url: str, work: Path) -> dict[str, str]:
    """The environment of a production-like manage.py run against one database."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="spinewise.config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        TASK_BACKEND="database",
        SPINEWISE_DATA_DIR=str(work / "data"),
        CLINIC_NAME="Spinewise Demo Clinic",
    )
    return env


def seed(database_url: str, work: Path) -> Seeded:
    """Migrate a new database and load the demo clinic into it, in a separate process."""
    out = work / "seeded.json"
    run(
        [sys.executable, Path(__file__), "--seed", out],
        django_env(database_url, work),
        "Loading the demo clinic",
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    return Seeded(tables=dict(data["tables"]), has_verify_audit=bool(data["verify_audit"]))


def seed_here(out: Path) -> int:
    """--seed: runs inside the seeding process, with Django set up for the new database."""
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.apps import apps
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command, get_commands
    from django.db import connection

    from spinewise.accounts.demo import PATIENTS, TEAM

    if connection.vendor == "sqlite":
        # Like a busy site between checkpoints: everything stays in the write-ahead log,
        # where a plain cp of the database file would miss it.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
    quiet = io.StringIO()
    call_command("migrate", interactive=False, stdout=quiet)
    call_command("load_demo", stdout=quiet)
    for email in (PATIENTS[0][0], TEAM[0][0]):
        call_command("create_api_token", email, name="backup check", stdout=quiet)
    session = SessionStore()
    session["backup_check"] = True
    session.create()

    tables = {
        model._meta.label: model._meta.db_table
        for config in apps.get_app_configs()
        if config.name.startswith("spinewise.")
        for model in config.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    out.write_text(
        json.dumps({"tables": tables, "verify_audit": "verify_audit" in get_commands()}),
        encoding="utf-8",
    )
    return 0


def digest(rows: Iterable[Sequence[Any]]) -> str:
    lines = sorted(repr(tuple(row)) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def compare(before: Snapshot, after: Snapshot, seeded: Seeded) -> list[str]:
    problems = [
        f"{label} ({table}): the demo database has no such table"
        for label, table in seeded.tables.items()
        if table not in before
    ]
    problems += [
        f"{REQUIRED[label]} ({seeded.tables.get(label, label)}): none in the demo database, "
        "so the check would prove nothing"
        for label in REQUIRED
        if before.get(seeded.tables.get(label, ""), (0, ""))[0] == 0
    ]
    for table, (count, contents) in sorted(before.items()):
        if table not in after:
            problems.append(f"{table}: missing from the restored database")
        elif after[table][0] != count:
            problems.append(f"{table}: {count} rows backed up, {after[table][0]} restored")
        elif after[table][1] != contents:
            problems.append(f"{table}: {count} rows, but not the same ones")
    problems += [
        f"{table}: in the restored database only" for table in after if table not in before
    ]
    return problems


def check_backup_file(directory: Path, encryption: Encryption, plain_magic: bytes) -> Path:
    files = sorted(directory.iterdir())
    if len(files) != 1:
        raise Failure(f"expected one backup in {directory}, found {[f.name for f in files]}")
    backup = files[0]
    problems = []
    if (directory.stat().st_mode & 0o777) != 0o700:
        problems.append(f"the backup directory has mode {directory.stat().st_mode & 0o777:o}")
    if (backup.stat().st_mode & 0o777) != 0o600:
        problems.append(f"{backup.name} has mode {backup.stat().st_mode & 0o777:o}, not 600")
    with backup.open("rb") as file:
        starts_plain = file.read(len(plain_magic)) == plain_magic
    if encryption.passphrase_file is not None and (backup.suffix != ".gpg" or starts_plain):
        problems.append(f"{backup.name} is not encrypted")
    if encryption.passphrase_file is None and not starts_plain:
        problems.append(f"{backup.name} does not look like a backup")
    if problems:
        raise Failure("; ".join(problems))
    return backup


def verify_audit(database_url: str, work: Path, where: str) -> None:
    run(
        [sys.executable, ROOT / "manage.py", "verify_audit"],
        django_env(database_url, work),
        f"manage.py verify_audit on the {where}",
    )


def size(path: Path) -> str:
    return f"{path.stat().st_size / 1024:,.0f} KB" if path.exists() else "0 KB"


# --- SQLite -------------------------------------------------------------------------------


def sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_snapshot(path: Path) -> Snapshot:
    with contextlib.closing(sqlite3.connect(path)) as db:
        names = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_stat")
        ]
        snapshot: Snapshot = {}
        for name in names:
            rows = db.execute(f"SELECT * FROM {sqlite_quote(name)}").fetchall()  # noqa: S608
            snapshot[name] = (len(rows), digest(rows))
        return snapshot


def check_sqlite(work: Path, encryption: Encryption, env: dict[str, str]) -> tuple[str, str]:
    if missing := missing_tools(["sqlite3"]):
        raise Skip(f"{', '.join(missing)} is not installed (Debian: apt-get install sqlite3)")
    source = work / "live" / "spinewise.sqlite3"
    source.parent.mkdir()
    # The running site: a connection held open for the whole backup, as gunicorn's are.
    with contextlib.closing(sqlite3.connect(source)) as site:
        site.execute("PRAGMA journal_mode=WAL")
        site.execute("SELECT count(*) FROM sqlite_master").fetchall()
        seeded = seed(f"sqlite:///{source}", work)
        before = sqlite_snapshot(source)
        rows = sum(count for count, _ in before.values())
        lone_file = work / "plain-cp.sqlite3"
        shutil.copyfile(source, lone_file)
        in_lone_file = sum(count for count, _ in sqlite_snapshot(lone_file).values())
        print(
            f"  demo clinic loaded: {len(before)} tables, {rows:,} rows; "
            f"{size(Path(f'{source}-wal'))} still in the write-ahead log "
            f"(a plain cp of the database file alone holds {in_lone_file:,} of the rows)"
        )

        backups = work / "backups"
        run([SCRIPTS / "backup-sqlite.sh", source, backups], env, "scripts/backup-sqlite.sh")
        backup = check_backup_file(backups, encryption, b"SQLite format 3\0")
        print(f"  backed up while open: {backup.name}, {size(backup)}, mode 600{_how(encryption)}")

        refused = _run([SCRIPTS / "restore-sqlite.sh", backup, source], env)
        if "is open" not in refused.stderr or sqlite_snapshot(source) != before:
            raise Failure("scripts/restore-sqlite.sh replaced a database that was still open")
        print("  restore over the open database: refused, as it should be")

    restored = work / "restored" / "spinewise.sqlite3"
    restored.parent.mkdir()
    run([SCRIPTS / "restore-sqlite.sh", backup, restored], env, "scripts/restore-sqlite.sh")
    problems = compare(before, sqlite_snapshot(restored), seeded)
    run([SCRIPTS / "restore-sqlite.sh", backup, restored], env, "restore-sqlite.sh, a second time")
    kept = [p.name for p in restored.parent.glob("spinewise.sqlite3.before-restore-*")]
    if not kept:
        problems.append("restoring over an existing database did not keep the one it replaced")
    problems += [
        f"after restoring again: {p}" for p in compare(before, sqlite_snapshot(restored), seeded)
    ]
    if problems:
        raise Failure("the restored database differs:\n    " + "\n    ".join(problems))
    print(f"  restored into a new file; restored again over it, keeping {kept[0]}")
    return _summary(before, seeded), _audit(
        f"sqlite:///{source}", f"sqlite:///{restored}", work, seeded
    )


# --- PostgreSQL ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str
    password: str

    def url(self, database: str) -> str:
        login = quote(self.user, safe="") + (
            f":{quote(self.password, safe='')}" if self.password else ""
        )
        return f"postgres://{login}@{self.host}:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection[tuple[Any, ...]]:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=database,
            autocommit=True,
            connect_timeout=5,
        )

    def env(self) -> dict[str, str]:
        env = {"PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": self.user}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def server_from(database_url: str) -> Server:
    config = dj_database_url.parse(database_url)
    return Server(
        host=str(config.get("HOST") or "127.0.0.1"),
        port=int(config.get("PORT") or 5432),
        user=str(config.get("USER") or "postgres"),
        password=str(config.get("PASSWORD") or ""),
    )


def postgres_snapshot(server: Server, database: str) -> Snapshot:
    snapshot: Snapshot = {}
    with server.connect(database) as db:
        tables = [
            name
            for (name,) in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        for name in tables:
            rows = db.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(name))).fetchall()
            snapshot[name] = (len(rows), digest(rows))
        # Where each id sequence stands: a restore that reset them would reuse ids.
        for name, value in db.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ):
            snapshot[f"sequence {name}"] = (0, str(value))
    return snapshot


def not_owned_by(server: Server, database: str, owner: str) -> list[str]:
    with server.connect(database) as db:
        rows = db.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm') "
            "AND pg_get_userbyid(c.relowner) <> %s ORDER BY 1",
            [owner],
        ).fetchall()
        found = db.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
    database_owner = found[0] if found else None
    problems = [f"{name}: not owned by {owner}" for (name,) in rows]
    if database_owner != owner:
        problems.append(f"the database is owned by {database_owner}, not {owner}")
    return problems


def check_postgres(
    database_url: str,
    work: Path,
    encryption: Encryption,
    env: dict[str, str],
    cleanup: contextlib.ExitStack,
) -> tuple[str, str]:
    if missing := missing_tools(["pg_dump", "pg_restore", "createdb", "dropdb"]):
        raise Skip(f"{', '.join(missing)} missing (Debian: apt-get install postgresql-client)")
    server = server_from(database_url)
    try:
        admin = cleanup.enter_context(server.connect())
    except psycopg.OperationalError as error:
        raise Failure(
            f"cannot reach PostgreSQL at {server.host}:{server.port} as {server.user}: {error}"
        ) from error
    version = admin.execute("SHOW server_version_num").fetchone()
    server_major = int(version[0] if version else 0) // 10000
    found = re.search(r"(\d+)", run(["pg_dump", "--version"], env, "pg_dump --version"))
    dump_major = int(found.group(1)) if found else 0
    if dump_major < server_major:
        raise Skip(
            f"pg_dump {dump_major} cannot dump the server's PostgreSQL {server_major} "
            f"(Debian: apt-get install postgresql-client-{server_major})"
        )

    name = f"spinewise_backup_check_{os.getpid()}"
    source, restored = f"{name}_source", f"{name}_restored"
    owner = name
    try:
        admin.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(owner)))
        cleanup.callback(_drop, server, sql.SQL("DROP ROLE IF EXISTS {}"), owner)
    except psycopg.errors.InsufficientPrivilege:
        owner = server.user  # may not create roles: restore as itself
    for database in (source, restored):  # dropped before the role, which owns one
        cleanup.callback(
            _drop, server, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)"), database
        )
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(source)))

    seeded = seed(server.url(source), work)
    before = postgres_snapshot(server, source)
    rows = sum(count for count, _ in before.values())
    tables = sum(1 for table in before if not table.startswith("sequence "))
    print(f"  demo clinic loaded: {tables} tables, {rows:,} rows")

    env = {**env, **server.env()}
    backups = work / "backups"
    run([SCRIPTS / "backup-postgres.sh", source, backups], env, "scripts/backup-postgres.sh")
    backup = check_backup_file(backups, encryption, b"PGDMP")
    print(f"  backed up: {backup.name}, {size(backup)}, mode 600{_how(encryption)}")

    refused = _run([SCRIPTS / "restore-postgres.sh", backup, source, owner], env)
    if "already exists" not in refused.stderr or postgres_snapshot(server, source) != before:
        raise Failure("scripts/restore-postgres.sh restored over an existing database")
    print("  restore into the existing database: refused, as it should be")

    run([SCRIPTS / "restore-postgres.sh", backup, restored, owner], env, "restore-postgres.sh")
    problems = compare(before, postgres_snapshot(server, restored), seeded)
    problems += not_owned_by(server, restored, owner)
    if problems:
        raise Failure("the restored database differs:\n    " + "\n    ".join(problems))
    print(f"  restored into a new database, everything in it owned by {owner}")
    audit = _audit(server.url(source), server.url(restored), work, seeded)
    return _summary(before, seeded), audit


def _drop(server: Server, statement: sql.SQL, name: str) -> None:
    with contextlib.suppress(Exception), server.connect() as db:
        db.execute(statement.format(sql.Identifier(name)))


# --- Both ---------------------------------------------------------------------------------


def _how(encryption: Encryption) -> str:
    if encryption.passphrase_file is None:
        return ", NOT encrypted (gpg is missing)"
    return ", encrypted (gpg, AES256)"


def _summary(before: Snapshot, seeded: Seeded) -> str:
    tables = [table for table in before if not table.startswith("sequence ")]
    ours = set(seeded.tables.values())
    rows = sum(count for count, _ in before.values())
    held = ", ".join(
        f"{before[seeded.tables[label]][0]} {what}" for label, what in REQUIRED.items()
    )
    return f"{len(tables)} tables ({len(ours)} of our apps), {rows:,} rows, all restored ({held})"


def _audit(source_url: str, restored_url: str, work: Path, seeded: Seeded) -> str:
    if not seeded.has_verify_audit:
        return "audit chain not checked (manage.py verify_audit does not exist yet)"
    verify_audit(source_url, work, "demo database, before any backup")
    verify_audit(restored_url, work, "restored database")
    return "audit chain intact"


def encryption_in(work: Path, cleanup: contextlib.ExitStack) -> Encryption:
    home = work / "gnupg"
    home.mkdir(mode=0o700)
    if missing_tools(["gpg"]):
        return Encryption(passphrase_file=None, gnupg_home=home)
    gpgconf = shutil.which("gpgconf")
    if gpgconf is not None:  # gpg starts an agent for this home: stop it at the end
        env = {**os.environ, "GNUPGHOME": str(home)}
        cleanup.callback(_run, [gpgconf, "--kill", "gpg-agent"], env)
    passphrase = work / "passphrase"
    passphrase.touch(mode=0o600)
    passphrase.write_text(secrets.token_urlsafe(32) + "\n", encoding="utf-8")
    return Encryption(passphrase_file=passphrase, gnupg_home=home)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # so that the clean-up runs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.seed is not None:
        return seed_here(options.seed)

    database_url = os.environ.get("DATABASE_URL", "")
    postgres = database_url.startswith(("postgres", "pgsql"))
    engine = "PostgreSQL" if postgres else "SQLite"
    signal.signal(signal.SIGTERM, _stop)
    started = time.monotonic()
    print(f"backup check ({engine}): the commands of docs/deploy.md, on the demo clinic")
    try:
        shown_scripts_match_docs()
        with contextlib.ExitStack() as cleanup:
            work = Path(tempfile.mkdtemp(prefix="spinewise-backup-check-"))
            cleanup.callback(shutil.rmtree, work, ignore_errors=True)
            encryption = encryption_in(work, cleanup)
            env = {k: v for k, v in os.environ.items() if k != "BACKUP_PASSPHRASE_FILE"}
            env["GNUPGHOME"] = str(encryption.gnupg_home)
            if encryption.passphrase_file is not None:
                env["BACKUP_PASSPHRASE_FILE"] = str(encryption.passphrase_file)
            if postgres:
                summary, audit = check_postgres(database_url, work, encryption, env, cleanup)
            else:
                summary, audit = check_sqlite(work, encryption, env)
    except Skip as skip:
        print(f"backup check ({engine}): skipped: {skip}")
        return 0
    except Failure as failure:
        print(f"backup check ({engine}): FAILED: {failure}", file=sys.stderr)
        return 1
    elapsed = time.monotonic() - started
    print(f"backup check ({engine}): {summary}; {audit} ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
