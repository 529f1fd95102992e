"""Every staff form needs its CSRF token, and no `next` sends a user to another site."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from polku.accounts.models import Membership
from polku.conftest import PASSWORD
from polku.tests.test_isolation import ACCOUNT_ROUTES, ORG_ROUTES, objects_of, url_variants


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "pattern"), ORG_ROUTES)
def test_a_post_without_the_token_changes_nothing(name, pattern, org, owner):
    """The owner (every permission) posting to any organization route from another site,
    i.e. without the CSRF token, gets 403 and nothing happens."""
    objs = objects_of(org, owner)
    members = Membership.objects.count()
    client = csrf_client(owner)
    for url in url_variants(name, pattern, objs, org.slug):
        answer = client.post(url, {"role": "viewer", "direction": "up", "confirm": "on"})
        assert answer.status_code == 403, url
    assert Membership.objects.count() == members
    assert objs["member"].__class__.objects.get(pk=objs["member"].pk).role == "agent"


@pytest.mark.parametrize("name", sorted(ACCOUNT_ROUTES))
def test_account_forms_need_the_token_too(name, owner):
    assert csrf_client(owner).post(reverse(name), {}).status_code == 403


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example/o/",
        "https:evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_login_and_language_switch_never_send_you_away(target, client, owner):
    login = client.post(
        reverse("accounts:login") + "?next=" + target,
        {"username": owner.email, "password": PASSWORD, "next": target},
    )
    assert login.status_code == 302
    assert "evil.example" not in login["Location"] and "javascript" not in login["Location"]
    switched = client.post(reverse("set_language"), {"language": "en", "next": target})
    assert "evil.example" not in switched.get("Location", "")
    assert "javascript" not in switched.get("Location", "")


def test_a_local_next_is_followed(client, owner, org):
    target = reverse("customers:list", args=[org.slug])
    login = client.post(
        reverse("accounts:login"), {"username": owner.email, "password": PASSWORD, "next": target}
    )
    assert login["Location"] == target
