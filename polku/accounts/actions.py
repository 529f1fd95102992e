"""State changes of accounts: organizations, memberships and member invitations."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from polku.insights.rollups import recompute
from polku.lib.emails import send_templated_email
from polku.text.analysis import add_starter_themes

from .models import MemberInvite, Membership, Organization, Role, User

RESERVED_SLUGS = {"new", "admin", "static", "accounts", "i18n", "o", "invite"}


class MembershipError(Exception):
    """A change that would leave an organization in a bad state (e.g. without an owner)."""


def unique_org_slug(name: str) -> str:
    base = (slugify(name) or "org")[:50]
    if base in RESERVED_SLUGS:
        base = f"{base}-org"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def create_organization(name: str, owner: User, language: str = "fi") -> Organization:
    """A new organization with `owner` as its owner, the default journey stages and the
    starter comment themes."""
    from polku.journeys.actions import create_default_journey

    organization = Organization.objects.create(
        name=name, slug=unique_org_slug(name), language=language
    )
    Membership.objects.create(user=owner, organization=organization, role=Role.OWNER)
    create_default_journey(organization)
    add_starter_themes(organization)
    return organization


def invite_member(organization: Organization, email: str, role: str, invited_by: User):
    """Create (or renew) an invitation and email its link."""
    email = email.strip().lower()
    with transaction.atomic():
        MemberInvite.objects.filter(
            organization=organization, email=email, accepted_at__isnull=True
        ).delete()
        invite = MemberInvite.objects.create(
            organization=organization, email=email, role=role, invited_by=invited_by
        )
        transaction.on_commit(lambda: _send_invite(invite))
    return invite


def _send_invite(invite: MemberInvite) -> None:
    send_templated_email(
        "accounts/email/member_invite",
        {"invite": invite, "organization": invite.organization, "inviter": invite.invited_by},
        invite.email,
        language=invite.organization.language,
        organization=invite.organization,
    )


@transaction.atomic
def accept_invite(invite: MemberInvite, user: User) -> Membership:
    """Join the organization; an existing membership keeps the higher of the two roles."""
    invite = MemberInvite.objects.select_for_update().get(pk=invite.pk)
    if not invite.is_usable:
        raise MembershipError(_("This invitation has expired or was already used."))
    membership, created = Membership.objects.get_or_create(
        user=user, organization=invite.organization, defaults={"role": invite.role}
    )
    order = list(Role.values)
    if not created and order.index(invite.role) < order.index(membership.role):
        membership.role = invite.role
        membership.save(update_fields=["role"])
    invite.accepted_at = timezone.now()
    invite.save(update_fields=["accepted_at"])
    return membership


def _other_owners(membership: Membership):
    return Membership.objects.filter(organization=membership.organization, role=Role.OWNER).exclude(
        pk=membership.pk
    )


@transaction.atomic
def change_role(membership: Membership, role: str) -> None:
    if membership.role == Role.OWNER and role != Role.OWNER and not _other_owners(membership):
        raise MembershipError(_("An organization needs at least one owner."))
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def remove_member(membership: Membership) -> None:
    if membership.role == Role.OWNER and not _other_owners(membership):
        raise MembershipError(_("An organization needs at least one owner."))
    served = membership.responses.exists()
    membership.delete()
    if served:
        # Their answers stay, without the name; the totals per person go with the
        # membership, so they are counted again for the organization's figures to hold.
        recompute(membership.organization)
