import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env, PYTHONPATH=str(ROOT / "src"), SPINEWISE_DATA_DIR="/tmp/spinewise-test-data")
    return subprocess.run(
        [sys.executable, "-c", "import spinewise.config.settings"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key() -> None:
    result = _import_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key() -> None:
    assert _import_settings(SECRET_KEY="short").returncode != 0


def test_production_starts_with_a_long_secret_key() -> None:
    assert _import_settings(SECRET_KEY="k" * 64).returncode == 0


def test_debug_allows_the_local_default_key() -> None:
    assert _import_settings(DEBUG="true").returncode == 0


def test_unreadable_boolean_is_a_clear_error() -> None:
    result = _import_settings(DEBUG="maybe")
    assert "DEBUG must be true or false" in result.stderr


def _check_deploy(*, leave_out: set[str], **settings: str) -> subprocess.CompletedProcess[str]:
    """`manage.py check --deploy` with production settings: this environment less
    `leave_out`, plus a fresh secret key and `settings`."""
    env = {k: v for k, v in os.environ.items() if k not in leave_out}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_SETTINGS_MODULE="spinewise.config.settings",
        SPINEWISE_DATA_DIR="/tmp/spinewise-test-data",
        **settings,
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_passes_with_production_settings() -> None:
    result = _check_deploy(
        leave_out={"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}, SITE_URL="https://clinic.example.org"
    )
    assert result.returncode == 0, result.stderr + result.stdout


def _setting(name: str, **env: str) -> str:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "SITE_URL", "ALLOWED_HOSTS"}
    }
    clean.update(
        env,
        SECRET_KEY=secrets.token_urlsafe(64),
        PYTHONPATH=str(ROOT / "src"),
        SPINEWISE_DATA_DIR="/tmp/spinewise-test-data",
    )
    code = f"import spinewise.config.settings as s; print(repr(s.{name}))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_production_site_address_comes_from_allowed_hosts() -> None:
    assert _setting("SITE_URL", ALLOWED_HOSTS="back.example.org,www.example.org") == (
        "'https://back.example.org'"
    )


def test_csrf_trusted_origins_follow_the_site_address() -> None:
    assert _setting("CSRF_TRUSTED_ORIGINS", ALLOWED_HOSTS="back.example.org") == (
        "['https://back.example.org']"
    )


def test_allowed_hosts_come_from_the_site_address() -> None:
    assert _setting("ALLOWED_HOSTS", SITE_URL="https://back.example.org/") == (
        "['back.example.org', 'localhost', '127.0.0.1', 'testserver']"
    )


def test_check_deploy_passes_with_only_allowed_hosts_and_a_key() -> None:
    result = _check_deploy(
        leave_out={"DEBUG", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"},
        ALLOWED_HOSTS="clinic.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
