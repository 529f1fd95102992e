"""Creating personal invitations and reading their signed links."""

from __future__ import annotations

import uuid

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Membership
from polku.customers.models import Customer
from polku.journeys.models import Channel, Touchpoint
from polku.surveys.models import Survey

from .models import Invitation

SALT = "polku.invitation"


def create_invitation(
    survey: Survey,
    *,
    customer: Customer | None = None,
    touchpoint: Touchpoint | None = None,
    channel: Channel | None = None,
    employee: Membership | None = None,
) -> Invitation:
    """A personal link made by hand: it counts as sent the moment it is made."""
    touchpoint = touchpoint or survey.touchpoint
    return Invitation.objects.create(
        organization_id=survey.organization_id,
        survey=survey,
        customer=customer,
        touchpoint=touchpoint,
        channel=channel or (touchpoint.channel if touchpoint else None),
        employee=employee,
        state=Invitation.State.SENT,
        sent_at=timezone.now(),
    )


def invitation_submission_key(invitation_pk: int) -> str:
    """The one submission key of an invitation: it can store at most one response."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"polku:invitation:{invitation_pk}").hex


def invitation_token(invitation: Invitation) -> str:
    # Signed, so links cannot be guessed or forged from another invitation's id.
    return signing.dumps(invitation.pk, salt=SALT)


def invitation_path(invitation: Invitation) -> str:
    return reverse("respond:invitation", args=[invitation_token(invitation)])


def invitation_from_token(token: str) -> Invitation | None:
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return (
        Invitation.objects.select_related(
            "survey__current_version", "customer", "touchpoint", "channel", "employee"
        )
        .filter(pk=pk)
        .first()
    )
