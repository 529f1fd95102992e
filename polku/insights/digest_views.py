"""The weekly digest's own page: the link at its foot, which needs no login."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .digest import membership_from_token


def digest_stop(request: HttpRequest, token: str) -> HttpResponse:
    """The link at the foot of the weekly digest: stop it (or start it again), no login."""
    membership = membership_from_token(token)
    if membership is None:
        raise Http404
    if request.method == "POST" and request.POST.get("digest") in ("on", "off"):
        membership.weekly_digest = request.POST["digest"] == "on"
        membership.save(update_fields=["weekly_digest"])
    return render(request, "insights/digest_stop.html", {"membership": membership})
