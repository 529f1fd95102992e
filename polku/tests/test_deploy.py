"""Production settings: `polku check --deploy` finds nothing to warn about, and passwords are
hashed with Argon2."""

from __future__ import annotations

import os
import subprocess
import sys

from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        # Nothing of the test run's: DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests.
        if not key.startswith(("POLKU_", "DEBUG", "SECRET_KEY", "DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="polku.settings",
        POLKU_VAR_DIR=str(tmp_path),
        POLKU_HTTPS="1",
        SECRET_KEY="k" * 20 + "production-like-secret-key-with-enough-characters-9f8e7d",
        ALLOWED_HOSTS="feedback.example.fi",
    )
    check = subprocess.run(  # noqa: S603 - our own program
        [sys.executable, "-m", "polku", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout


def test_passwords_are_hashed_with_argon2(settings):
    from polku import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    assert get_hasher().algorithm == "argon2"
    assert identify_hasher(make_password("correct-horse-battery")).algorithm == "argon2"
