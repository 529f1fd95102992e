"""Polku's settings, read from the environment.

Every knob an operator may turn is an environment variable with a safe default for a
single-machine install (see docs/operating.md). DEBUG is off unless asked for.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
# Runtime state (SQLite database, generated secret key, collected static files) lives in
# one folder outside the package so that a `git clean` or a reinstall never touches it.
VAR_DIR = Path(os.environ.get("POLKU_VAR_DIR", BASE_DIR.parent / "var")).resolve()


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in VAR_DIR."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret-key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


DEBUG = env_flag("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The address Polku is reached at, used in links inside emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "polku.lib",
    "polku.accounts",
    "polku.journeys",
    "polku.customers",
    "polku.surveys",
    "polku.automation",
    "polku.cases",
    "polku.improve",
    "polku.insights",
    "polku.text",
    "polku.outbox",
    "polku.privacy",
    "polku.webhooks",
    "polku.demo",
]

MIDDLEWARE = [
    "polku.lib.body_limit.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "polku.lib.content_security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "polku.urls"
WSGI_APPLICATION = "polku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "polku.accounts.context_processors.membership",
            ],
        },
    },
]

# SQLite in VAR_DIR unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'polku.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# WAL lets readers run beside a writer; IMMEDIATE transactions avoid the
# "database is locked" upgrade deadlock between two writers.
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        " PRAGMA foreign_keys=ON;"
        # A backstop: polku.lib.sqlite_writes checkpoints outside the writers' lock.
        " PRAGMA wal_autocheckpoint=20000;"
    ),
    "transaction_mode": "IMMEDIATE",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Argon2 for new and changed passwords; older PBKDF2 hashes still check, and are rehashed
# with Argon2 at the next login.
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Helsinki")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded files (audit photos) are private: served only through views that check the
# organization, never as a public MEDIA_URL.
MEDIA_ROOT = VAR_DIR / "media"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: SMTP when EMAIL_URL is set (smtp://user:pass@host:587, smtps://... for TLS);
# otherwise every message is kept in the outbox that owners read in the UI.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Polku <polku@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_URL:
    from polku.lib.email_url import smtp_settings_from_url

    globals().update(smtp_settings_from_url(EMAIL_URL))
    # The outbox still records each message; it hands the sending to SMTP.
    POLKU_OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    POLKU_OUTBOX_DELIVERY_BACKEND = ""
EMAIL_BACKEND = "polku.outbox.backend.OutboxBackend"

# Behind TLS (POLKU_HTTPS=1) cookies are sent only over HTTPS, plain HTTP is redirected
# (except the health check, which load balancers ask over HTTP) and HSTS is on, for the
# subdomains too and preloadable unless POLKU_HSTS_SUBDOMAINS=0 / POLKU_HSTS_PRELOAD=0.
# `polku check --deploy` then has nothing to warn about.
HTTPS = env_flag("POLKU_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_flag("POLKU_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_flag("POLKU_HSTS_PRELOAD", True)
POLKU_BEHIND_PROXY = env_flag("POLKU_BEHIND_PROXY")
if POLKU_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "polku.errors.csrf_failure"
# A bulk call of 10 000 events is a few MB; anything above this gets 413 before it is read.
POLKU_MAX_BODY_BYTES = 32 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = POLKU_MAX_BODY_BYTES
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Survey answers accepted per client address and minute on public links (0 = no limit).
POLKU_RESPONSE_RATE_LIMIT = int(os.environ.get("POLKU_RESPONSE_RATE_LIMIT", "30"))
# How long a process may reuse an open survey it looked up (see polku/surveys/lookup.py).
POLKU_SURVEY_CACHE_SECONDS = float(os.environ.get("POLKU_SURVEY_CACHE_SECONDS", "2"))
# The largest survey submission read; a larger body is refused with 413.
POLKU_RESPONSE_MAX_BYTES = 64 * 1024

# Background work (invitations, reminders, delivery notices, sending) runs as tasks in the
# database: `polku worker`, started beside the web server by `polku run`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# How often a worker looks for due invitations, late orders and unsent mail.
POLKU_TICK_SECONDS = float(os.environ.get("POLKU_TICK_SECONDS", "15"))
# Failed logins per client address and per account before logins wait for the window to pass.
POLKU_LOGIN_FAILURES_LIMIT = int(os.environ.get("POLKU_LOGIN_FAILURES_LIMIT", "10"))
POLKU_LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
# Outgoing webhooks to this machine or a private network are refused unless allowed (an
# owner could otherwise make Polku call services that are not meant to be reachable).
POLKU_WEBHOOKS_TO_PRIVATE_ADDRESSES = env_flag("POLKU_WEBHOOKS_TO_PRIVATE_ADDRESSES")
# /healthz?strict=1 answers 503 when work has waited longer than this for the worker.
POLKU_HEALTH_MAX_LAG_SECONDS = float(os.environ.get("POLKU_HEALTH_MAX_LAG_SECONDS", "300"))
# The weekly digest to owners and managers, on Monday mornings (0 turns it off everywhere).
POLKU_WEEKLY_DIGEST = os.environ.get("POLKU_WEEKLY_DIGEST", "1") != "0"
# Customers' answers to replies from cases: replies carry POLKU_INBOUND_EMAIL with the case's
# token (replies+<token>@…); the mail server pipes them to `polku inbound_email` or posts them
# to /hooks/inbound-email/<POLKU_INBOUND_SECRET>/. Empty: replies go to the writer's mailbox.
POLKU_INBOUND_EMAIL = os.environ.get("POLKU_INBOUND_EMAIL", "")
POLKU_INBOUND_SECRET = os.environ.get("POLKU_INBOUND_SECRET", "")
# How long a worker's claim on a batch of messages lasts before another worker may take it.
POLKU_SEND_LEASE_SECONDS = float(os.environ.get("POLKU_SEND_LEASE_SECONDS", "300"))
# Transformer sentiment models already on this server's disk, which organizations may choose
# per language (polku.text.transformer; needs the optional extra "polku[transformers]"):
# POLKU_TRANSFORMER_MODELS="finbert=/srv/models/finbert,xlmr=/srv/models/xlm-r-sentiment".
TEXT_TRANSFORMER_MODELS = {
    name.strip(): folder.strip()
    for name, _sep, folder in (
        item.partition("=")
        for item in os.environ.get("POLKU_TRANSFORMER_MODELS", "").split(",")
        if "=" in item
    )
    if name.strip() and folder.strip()
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "polku",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
