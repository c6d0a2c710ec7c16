"""Spinewise settings: one module, every value from the environment with a safe default.

Each variable is documented in docs/configuration.md.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from spinewise.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent  # src/spinewise
PROJECT_DIR = BASE_DIR.parent.parent
DATA_DIR = Path(env_str("SPINEWISE_DATA_DIR", str(PROJECT_DIR / "data")))

# --- Safety switches -------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
INSECURE_DEFAULT_KEY = "insecure-local-development-key-change-me"
SECRET_KEY = env_str("SECRET_KEY", INSECURE_DEFAULT_KEY)
if not DEBUG and (SECRET_KEY == INSECURE_DEFAULT_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value (50+ characters) when DEBUG is off. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

# The public address and the host names come from each other: set SITE_URL, or (in
# production) just ALLOWED_HOSTS, whose first name then gives https://<that name>.
_hosts = env_list("ALLOWED_HOSTS", [])
_first_host = _hosts[0].lstrip(".") if _hosts and "*" not in _hosts[0] else ""
_default_site = f"https://{_first_host}" if _first_host and not DEBUG else "http://127.0.0.1:8000"
SITE_URL = env_str("SITE_URL", _default_site).rstrip("/")
_site_host = SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
ALLOWED_HOSTS = _hosts or [_site_host, "localhost", "127.0.0.1", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

# --- Applications ----------------------------------------------------------------------
INSTALLED_APPS = [
    # Ours first, so our templates (e.g. registration/) win over the admin's.
    "spinewise.accounts",
    "spinewise.audit",
    "spinewise.background",
    "spinewise.web",
    "spinewise.assessments",
    "spinewise.consultations",
    "spinewise.exercises",
    "spinewise.programmes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves its API docs files locally, never from a CDN
]

MIDDLEWARE = [
    "spinewise.web.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "spinewise.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the CSRF check, the login lockout and any view: a NUL in a page's input is a
    # plain 400, never a database error (the API checks its own input).
    "spinewise.web.hostile.UnstorableInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees first what a view let through: errors of the family become pages.
    "spinewise.web.errors.ErrorPagesMiddleware",
]

ROOT_URLCONF = "spinewise.config.urls"
WSGI_APPLICATION = "spinewise.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spinewise.web.context_processors.clinic",
                "spinewise.web.context_processors.roles",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'spinewise.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # SQLite serves the web server and the worker at once: write-ahead logging lets readers
    # carry on while one writes, IMMEDIATE transactions take the write lock up front (no
    # "database is locked" half-way through), and writers wait up to 20 s for each other.
    # synchronous=NORMAL is the recommended pairing with WAL: the file never corrupts; a
    # power cut can lose the last moments of commits. Clinics in production use PostgreSQL.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # lockout first, so it sees every attempt
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout: after LOGIN_FAILURE_LIMIT failures for one email, wait LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"  # Django's login form field, which holds the email
AXES_USERNAME_CALLABLE = "spinewise.accounts.lockout.login_email"
AXES_RESET_ON_SUCCESS = True
# Tries while locked do not restart the pause: else the owner, trying their right password,
# keeps themselves locked out, and "wait N minutes" never comes true. A password reset ends
# the pause at once (accounts/lockout.py).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Our page says how many minutes are left, and that a password reset unlocks it at once.
AXES_LOCKOUT_CALLABLE = "spinewise.accounts.lockout.lockout_page"
AXES_VERBOSE = False

# Idle sessions end after SESSION_IDLE_MINUTES (default 12 hours of no activity).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 12 * 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# --- The site's clinic (a fresh install creates it from these) ------------------------
CLINIC_NAME = env_str("CLINIC_NAME", "Spinewise Clinic")
CLINIC_SLUG = env_str("CLINIC_SLUG", "main")
CLINIC_PHONE = env_str("CLINIC_PHONE", "+44 20 7946 0000")
CLINIC_EMAIL = env_str("CLINIC_EMAIL", "clinic@example.org")
CLINIC_HOURS = env_str("CLINIC_HOURS", "Mon-Fri 08:00-18:00; Sat 09:00-12:00")
CLINIC_TIME_ZONE = env_str("CLINIC_TIME_ZONE", "Europe/London")
CLINIC_COUNTRY = env_str("CLINIC_COUNTRY", "GB")
CLINIC_REQUIRES_APPROVAL = env_bool("CLINIC_REQUIRES_APPROVAL", False)

# A clinic with a licence for official questionnaire wording points this at its own file
# (same linkIds and answer codes; docs/assessment.md).
QUESTIONNAIRE_FILE = env_str("QUESTIONNAIRE_FILE", "")

# --- Public forms: new submissions allowed per address per hour ----------------------
ASSESSMENTS_PER_HOUR = env_int("ASSESSMENTS_PER_HOUR", 60)
CONSULTATIONS_PER_HOUR = env_int("CONSULTATIONS_PER_HOUR", 5)

# --- The call-back queue: response targets in the clinic's working time ------------------
CONSULTATION_URGENT_HOURS = env_int("CONSULTATION_URGENT_HOURS", 4)
CONSULTATION_ROUTINE_DAYS = env_int("CONSULTATION_ROUTINE_DAYS", 1)
CONSULTATION_MAX_ATTEMPTS = env_int("CONSULTATION_MAX_ATTEMPTS", 3)
CONSULTATION_DUPLICATE_HOURS = env_int("CONSULTATION_DUPLICATE_HOURS", 24)

# --- Email -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{CLINIC_NAME} <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work -------------------------------------------------------------------
# "database" (default, no extra server) or "redis" (production: set REDIS_URL). Either way
# `manage.py worker` runs the tasks and the periodic sweeps (docs/deploy.md, section 5).
TASK_BACKEND = env_str("TASK_BACKEND", "database")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
# A failed task is tried again after each of these delays (seconds), then given up and
# logged as an error. Sweeps are not: the worker queues them again at its next check.
TASK_RETRY_DELAYS = [30, 300, 1800]
# RQ (TASK_BACKEND=redis) runs django-tasks' jobs only with django-tasks-rq's job class. Our
# queue and worker classes add the retries and keep task arguments out of the logs.
RQ_QUEUES = {"default": {"URL": REDIS_URL}}
RQ = {
    "JOB_CLASS": "django_tasks_rq.Job",
    "QUEUE_CLASS": "spinewise.background.redis_queue.TaskQueue",
    "WORKER_CLASS": "spinewise.background.redis_queue.TaskWorker",
}
if TASK_BACKEND == "redis":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    INSTALLED_APPS += ["django_rq"]
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured("TASK_BACKEND must be database, redis or immediate.")

# --- Time and language -----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = CLINIC_TIME_ZONE
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security --------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "spinewise.web.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
_https = SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https and not DEBUG)
SESSION_COOKIE_SECURE = _https and not DEBUG
CSRF_COOKIE_SECURE = _https and not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _https and not DEBUG else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = False
# Behind our own reverse proxy: trust its X-Forwarded-Proto, and take the client's address
# from the last X-Forwarded-For entry (the one the proxy added), for the audit log and limits.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Silence the deploy check for HSTS preload: a clinic decides that itself.
# axes.W006: we lock by account (email), not by address, on purpose: a clinic's front desk
# shares one address, and one mistyped password must not lock out the whole clinic.
SILENCED_SYSTEM_CHECKS = ["security.W021", "axes.W006"]

# The task queues' own loggers name a task and its id, never its arguments (an email's
# body holds patient names) nor an exception's message: spinewise.background.logs.
_TASK_LOGGERS = [
    "django_tasks",
    "django_tasks_db",
    "rq.job",
    "rq.queue",
    "rq.registry",
    "rq.scheduler",
    "rq.worker",
    "spinewise.background",
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_task_data": {"()": "spinewise.background.logs.HideTaskData"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        **{name: {"filters": ["no_task_data"]} for name in _TASK_LOGGERS},
    },
}
