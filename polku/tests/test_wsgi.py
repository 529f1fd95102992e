"""The WSGI entry point loads the application fully and freezes it out of the collector."""

from __future__ import annotations

import subprocess
import sys


def test_a_web_worker_freezes_what_it_loaded_at_start(tmp_path):
    code = (
        "import gc, sys, polku.wsgi; "
        "print(gc.get_freeze_count(), 'polku.urls' in sys.modules, "
        "'polku.customers.api' in sys.modules, gc.get_threshold()[0])"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "POLKU_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    frozen, urls_loaded, api_loaded, youngest = result.stdout.split()
    # Django, the views and the API are all loaded before the freeze, and frozen.
    assert (urls_loaded, api_loaded) == ("True", "True")
    assert int(frozen) > 50_000
    assert int(youngest) == 10_000
