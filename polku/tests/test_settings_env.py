"""Settings read from the environment; SQLite runs in WAL mode."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings
from django.db.utils import ConnectionHandler


def settings_in_subprocess(env: dict, expression: str, tmp_path) -> str:
    """Evaluate `expression` against polku.settings loaded with `env` in a fresh process."""
    code = f"import polku.settings as s; print({expression})"
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "POLKU_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_safe_defaults(tmp_path):
    values = settings_in_subprocess(
        {}, "s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.EMAIL_URL", tmp_path
    )
    assert (
        values == ("False ['127.0.0.1', 'localhost', '[::1]'] django.db.backends.sqlite3 ").strip()
    )
    # The generated secret key is kept for the next start, readable only by its owner.
    key_file = tmp_path / "secret-key"
    assert key_file.stat().st_mode & 0o077 == 0
    again = settings_in_subprocess({}, "s.SECRET_KEY", tmp_path)
    assert again == key_file.read_text()


def test_environment_overrides(tmp_path):
    values = settings_in_subprocess(
        {
            "DEBUG": "1",
            "ALLOWED_HOSTS": "polku.example.com, www.polku.example.com",
            "DATABASE_URL": "postgres://u:p@db.example.com:5433/polku",
            "SECRET_KEY": "from-env",
            "EMAIL_URL": "smtps://u:p@mail.example.com",
        },
        "s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['HOST'], s.SECRET_KEY, "
        "s.EMAIL_HOST, s.EMAIL_USE_SSL, s.POLKU_OUTBOX_DELIVERY_BACKEND",
        tmp_path,
    )
    assert values == (
        "True ['polku.example.com', 'www.polku.example.com'] db.example.com from-env "
        "mail.example.com True django.core.mail.backends.smtp.EmailBackend"
    )


def test_sqlite_file_database_uses_wal(tmp_path, django_db_blocker):
    """Whatever database this run uses, Polku's SQLite options switch on WAL."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "x.sqlite3"),
                "OPTIONS": settings.SQLITE_OPTIONS,
            }
        }
    )
    try:
        with django_db_blocker.unblock(), handler["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        handler.close_all()
