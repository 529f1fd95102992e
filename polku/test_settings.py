"""Settings for the test suite: the real settings with a fast hasher and no outside mail."""

import os
import tempfile

os.environ.setdefault("POLKU_VAR_DIR", tempfile.mkdtemp(prefix="polku-test-"))
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789")
os.environ.pop("EMAIL_URL", None)

from polku.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LANGUAGE_CODE = "en"
SITE_URL = "http://testserver"
# Tests change surveys behind the cache's back (queryset updates); they look up afresh,
# and test_lookup.py turns the cache on to test it.
POLKU_SURVEY_CACHE_SECONDS = 0
# Tests count the mail a tick sends; the digest's own tests turn it on.
POLKU_WEEKLY_DIGEST = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the worker tests run `polku worker` in other processes on it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
