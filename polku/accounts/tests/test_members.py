import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.accounts.actions import MembershipError, change_role, remove_member
from polku.accounts.models import MemberInvite, Membership, Role, User
from polku.conftest import client_for
from polku.outbox.models import OutboxEmail


def invite_link(email: OutboxEmail) -> str:
    return re.search(r"http://testserver(/invite/[^/\s]+/)", email.body_text).group(1)


def test_owner_invites_by_email_and_invitee_signs_up(
    owner_client, org, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("accounts:members", args=[org.slug]),
            {"email": "New.Person@a.test", "role": "manager"},
        )
    assert response.status_code == 302
    email = OutboxEmail.objects.get(organization=org)
    assert email.to == "new.person@a.test"
    assert "Shop A" in email.subject
    link = invite_link(email)
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(
        link,
        {
            "display_name": "New Person",
            "email": "new.person@a.test",
            "password": "a-good-long-password",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new.person@a.test")
    assert membership.role == Role.MANAGER and membership.organization == org
    # The link is single-use.
    assert client.get(link).status_code == 410


def test_logged_in_user_accepts_invite(org, owner, outsider):
    invite = MemberInvite.objects.create(
        organization=org, email=outsider.email, role=Role.AGENT, invited_by=owner
    )
    client = client_for(outsider)
    response = client.post(reverse("accounts:invite_accept", args=[invite.token]))
    assert response["Location"] == reverse("journeys:map", args=[org.slug])
    assert Membership.objects.get(user=outsider, organization=org).role == Role.AGENT


def test_expired_and_unknown_invites_are_refused(org, owner, client):
    invite = MemberInvite.objects.create(
        organization=org,
        email="x@a.test",
        invited_by=owner,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert client.get(reverse("accounts:invite_accept", args=[invite.token])).status_code == 410
    assert client.get(reverse("accounts:invite_accept", args=["forged"])).status_code == 404
    assert not User.objects.filter(email="x@a.test").exists()


def test_inviting_an_existing_member_is_refused(owner_client, org, manager):
    response = owner_client.post(
        reverse("accounts:members", args=[org.slug]), {"email": manager.email, "role": "viewer"}
    )
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert not MemberInvite.objects.exists()


@pytest.mark.parametrize("role_fixture", ["manager", "agent", "viewer"])
def test_only_owners_manage_members(request, org, role_fixture, owner):
    user = request.getfixturevalue(role_fixture)
    client = client_for(user)
    owner_membership = Membership.objects.get(user=owner)
    members_url = reverse("accounts:members", args=[org.slug])
    assert client.get(members_url).status_code == 200  # everyone sees who is in the team
    assert client.post(members_url, {"email": "z@a.test", "role": "owner"}).status_code == 403
    role_url = reverse("accounts:member_role", args=[org.slug, owner_membership.pk])
    assert client.post(role_url, {"role": "viewer"}).status_code == 403
    owner_membership.refresh_from_db()
    assert owner_membership.role == Role.OWNER
    assert not MemberInvite.objects.exists()


def test_owner_changes_role_and_removes_member(owner_client, org, agent):
    membership = Membership.objects.get(user=agent)
    owner_client.post(
        reverse("accounts:member_role", args=[org.slug, membership.pk]), {"role": "manager"}
    )
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER
    remove_url = reverse("accounts:member_remove", args=[org.slug, membership.pk])
    assert owner_client.get(remove_url).status_code == 200  # confirmation first
    assert Membership.objects.filter(pk=membership.pk).exists()
    owner_client.post(remove_url)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert client_for(agent).get(reverse("journeys:map", args=[org.slug])).status_code == 404


def test_invalid_role_is_refused(owner_client, org, agent):
    membership = Membership.objects.get(user=agent)
    owner_client.post(
        reverse("accounts:member_role", args=[org.slug, membership.pk]), {"role": "emperor"}
    )
    membership.refresh_from_db()
    assert membership.role == Role.AGENT


def test_last_owner_cannot_be_demoted_or_removed(org, owner, owner_client):
    membership = Membership.objects.get(user=owner)
    with pytest.raises(MembershipError):
        change_role(membership, Role.VIEWER)
    with pytest.raises(MembershipError):
        remove_member(membership)
    owner_client.post(
        reverse("accounts:member_role", args=[org.slug, membership.pk]), {"role": "viewer"}
    )
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_owner_withdraws_invitation(owner_client, org, owner):
    invite = MemberInvite.objects.create(organization=org, email="x@a.test", invited_by=owner)
    owner_client.post(reverse("accounts:invite_revoke", args=[org.slug, invite.pk]))
    assert not MemberInvite.objects.exists()


def test_settings_change_name_and_language(owner_client, org, manager_client):
    url = reverse("accounts:organization_settings", args=[org.slug])
    assert manager_client.get(url).status_code == 403
    owner_client.post(url, {**SETTINGS, "name": "Shop A Oy", "language": "fi"})
    org.refresh_from_db()
    assert (org.name, org.language) == ("Shop A Oy", "fi")


# Every field of the settings form, as the page sends it.
SETTINGS = {
    "invitation_cap_days": "30",
    "detractor_nps_max": "6",
    "low_csat_max": "2",
    "low_ces_max": "3",
    "min_answers": "10",
    "business_hours_start": "8",
    "business_hours_end": "16",
}
