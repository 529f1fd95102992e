"""The one place where a request is tied to an organization and its objects.

Every organization page lives under /o/<org>/. `member_view` resolves the slug to the
requesting user's membership (404 when there is none, so outsiders cannot even learn that
an organization exists) and checks the role's capability (403). `org_object_or_404`
fetches an object only from the current organization. Views never filter by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from .models import Membership, Organization

M = TypeVar("M", bound=Model)

CURRENT_ORG_SESSION_KEY = "polku_current_org"


class OrgRequest(HttpRequest):
    """For type hints: a request that passed `member_view`."""

    membership: Membership
    organization: Organization


def member_view(capability: str | None = None) -> Callable:
    """Decorate a view taking `org` (slug) as its first URL argument."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args, **kwargs) -> HttpResponse:
            membership = (
                Membership.objects.select_related("organization", "user")
                .filter(user=request.user, organization__slug=org)
                .first()
            )
            if membership is None:
                raise Http404("No such organization.")
            if capability and not getattr(membership, capability):
                raise PermissionDenied
            request.membership = membership  # type: ignore[attr-defined]
            request.organization = membership.organization  # type: ignore[attr-defined]
            if request.session.get(CURRENT_ORG_SESSION_KEY) != org:
                request.session[CURRENT_ORG_SESSION_KEY] = org  # remembered for "/"

            response = view(request, *args, **kwargs)
            # Organization pages hold private data and change under the user's hands
            # (htmx re-reads them after each change): never from a cache.
            add_never_cache_headers(response)
            return response

        return wrapper

    return decorator


def org_object_or_404(request: OrgRequest, model: type[M], **lookup) -> M:
    """The object of `model` matching `lookup` inside the request's organization."""
    try:
        return model.objects.get(organization=request.organization, **lookup)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require(membership: Membership, capability: str) -> None:
    if not getattr(membership, capability):
        raise PermissionDenied
