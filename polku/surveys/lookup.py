"""Finding an open survey by its public id, fast: the answer path's only read.

Each process keeps what it found for a couple of seconds. A survey saved in this process
is forgotten at once; other processes see a change (closing, a new version) within
POLKU_SURVEY_CACHE_SECONDS. Answers in that window are stored against the version the
respondent saw, so nothing is lost.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404

from .models import Survey, SurveyVersion

_found: dict[str, tuple[float, Survey]] = {}
_lock = threading.Lock()


def survey_by_public_id(public_id: str) -> Survey:
    ttl = settings.POLKU_SURVEY_CACHE_SECONDS
    now = time.monotonic()
    if ttl > 0:
        hit = _found.get(public_id)
        if hit and hit[0] > now:
            return hit[1]
    survey = (
        Survey.objects.select_related("current_version", "organization")
        .filter(public_id=public_id)
        .first()
    )
    if survey is None:
        raise Http404("No such survey.")
    if ttl > 0:
        with _lock:
            _found[public_id] = (now + ttl, survey)
            if len(_found) > 10_000:  # bound the memory: drop what has expired
                for key in [k for k, (until, _s) in _found.items() if until <= now]:
                    _found.pop(key, None)
    return survey


@receiver(post_save, sender=Survey)
@receiver(post_delete, sender=Survey)
def _forget_survey(sender, instance: Survey, **kwargs) -> None:
    _found.pop(instance.public_id, None)


@receiver(post_save, sender=SurveyVersion)
def _forget_version_survey(sender, instance: SurveyVersion, **kwargs) -> None:
    with _lock:
        for key in [k for k, (_t, s) in _found.items() if s.pk == instance.survey_id]:
            _found.pop(key, None)
