"""Template context: the current membership and the user's other organizations."""

from __future__ import annotations

from django.http import HttpRequest


def membership(request: HttpRequest) -> dict:
    current = getattr(request, "membership", None)
    if current is None or not request.user.is_authenticated:
        return {"membership": current, "organization": None}

    def memberships():  # lazy: only the pages that show the switcher pay for the query
        return request.user.memberships.select_related("organization").order_by(
            "organization__name"
        )

    return {
        "membership": current,
        "organization": current.organization,
        "user_memberships": memberships,
    }
