"""WSGI entry point for granian (`polku run`) or any other WSGI server."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polku.settings")
application = get_wsgi_application()


def _load_and_freeze() -> None:
    """Load what the first requests would (every view and the API through the URLs, and the
    translations), then move all of it out of the garbage collector's sight.

    Python's full collection walks every live object. A worker holds a few hundred thousand
    that live as long as it does, and a bulk API call makes enough garbage to set a full
    collection off every few calls: that walk took a fifth of the bulk call's time
    (bench/README.md). Frozen objects are never walked; they are not freed either, which is
    what they would be anyway. The youngest generation is collected every 10 000 new
    objects instead of 700: during a request nearly all of them are still in use, so the
    frequent walks found nothing to free.
    """
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports the URL configuration
    for code, _name in settings.LANGUAGES:
        translation.activate(code)  # reads the language's catalogues
    translation.deactivate()
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000)


_load_and_freeze()
