"""Two-step login (TOTP): the password alone no longer logs in, a code works once, the
recovery codes work once each, wrong codes are limited, and turning it off takes a code."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from polku.accounts import twofactor
from polku.accounts.models import RecoveryCode, TwoFactor
from polku.conftest import PASSWORD

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:login_code")
SETUP = reverse("accounts:two_factor")


pytestmark = pytest.mark.usefixtures("login_limit_of_three")


@pytest.fixture
def secret(owner):
    """The owner has two-step login on; the app's secret (the phone's copy)."""
    value = pyotp.random_base32()
    TwoFactor.objects.create(user=owner, secret=value)
    return value


def code_at(secret: str, seconds_from_now: float = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + seconds_from_now)


def password_step(client, user, next_url=""):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_without_two_step_the_password_logs_in(owner):
    client = Client()
    assert password_step(client, owner).status_code == 302
    assert logged_in(client)


def test_the_password_alone_no_longer_logs_in(owner, secret, org):
    client = Client()
    response = password_step(client, owner, next_url="/o/shop-a/inbox/")
    assert response.status_code == 302 and response["Location"].startswith(CODE)
    assert not logged_in(client)
    # Pages stay closed until the code is given.
    assert client.get(reverse("accounts:profile")).status_code == 302
    page = client.get(response["Location"])
    assert "authenticator app" in page.content.decode()
    done = client.post(CODE, {"code": code_at(secret), "next": "/o/shop-a/inbox/"})
    assert done.status_code == 302 and done["Location"] == "/o/shop-a/inbox/"
    assert logged_in(client) and int(client.session["_auth_user_id"]) == owner.pk
    assert twofactor.PENDING_SESSION_KEY not in client.session


def test_a_code_works_only_once_and_drift_is_allowed(owner, secret):
    first = Client()
    password_step(first, owner)
    code = code_at(secret)
    first.post(CODE, {"code": code})
    assert logged_in(first)
    # The same code seen over a shoulder does not work a second time.
    second = Client()
    password_step(second, owner)
    again = second.post(CODE, {"code": code})
    assert again.status_code == 200 and not logged_in(second)
    assert "already used" in again.content.decode()
    # The phone's clock 30 s ahead: the next step's code is accepted.
    assert second.post(CODE, {"code": code_at(secret, 30)}).status_code == 302
    # Two steps off is too far.
    third = Client()
    password_step(third, owner)
    assert third.post(CODE, {"code": code_at(secret, 95)}).status_code == 200
    assert not logged_in(third)


def test_wrong_codes_are_limited(owner, secret):
    client = Client()
    password_step(client, owner)
    for _ in range(3):
        assert client.post(CODE, {"code": "000000"}).status_code == 200
    refused = client.post(CODE, {"code": code_at(secret)})
    assert refused.status_code == 429 and not logged_in(client)
    assert "Too many wrong codes" in refused.content.decode()


def test_the_code_step_needs_the_password_step_first_and_expires(owner, secret, monkeypatch):
    client = Client()
    response = client.post(CODE, {"code": code_at(secret)})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not logged_in(client)
    password_step(client, owner)
    later = time.time() + twofactor.PENDING_SECONDS + 1
    monkeypatch.setattr(twofactor.time, "time", lambda: later)
    assert client.post(CODE, {"code": code_at(secret)})["Location"] == LOGIN
    assert not logged_in(client)


def test_next_may_not_lead_to_another_site(owner, secret):
    client = Client()
    password_step(client, owner)
    done = client.post(CODE, {"code": code_at(secret), "next": "https://evil.example/"})
    assert done.status_code == 302 and done["Location"] == reverse("home")


def test_turning_on_shows_recovery_codes_once_and_each_works_once(owner, owner_client):
    page = owner_client.get(SETUP)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    secret = owner_client.session["polku_two_factor_setup"]
    wrong = owner_client.post(SETUP, {"action": "on", "code": "123456"})
    assert "not right" in wrong.content.decode() and not TwoFactor.objects.exists()
    shown = owner_client.post(SETUP, {"action": "on", "code": code_at(secret)})
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", shown.content.decode())
    assert len(codes) == 10 and TwoFactor.objects.get(user=owner).secret == secret
    # Only hashes are kept.
    assert not RecoveryCode.objects.filter(digest__in=codes).exists()
    client = Client()
    password_step(client, owner)
    done = client.post(CODE, {"code": codes[0].upper().replace("-", " ")}, follow=True)
    assert logged_in(client) and "9 of them are left" in done.content.decode()
    again = Client()
    password_step(again, owner)
    assert again.post(CODE, {"code": codes[0]}).status_code == 200 and not logged_in(again)


def test_new_codes_and_turning_off_need_a_code(owner, owner_client, secret):
    codes = twofactor.new_recovery_codes(owner)
    page = owner_client.post(SETUP, {"action": "off", "code": "111111"})
    assert page.status_code == 200 and TwoFactor.objects.filter(user=owner).exists()
    fresh = owner_client.post(SETUP, {"action": "codes", "code": code_at(secret)})
    new_codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", fresh.content.decode())
    assert len(new_codes) == 10 and not twofactor.use_recovery_code(owner, codes[1])
    owner_client.post(SETUP, {"action": "off", "code": new_codes[0]})
    assert not TwoFactor.objects.exists() and not RecoveryCode.objects.exists()
    assert password_step(Client(), owner)["Location"] == reverse("home")


def test_profile_and_members_page_show_who_has_it_on(owner, owner_client, org, secret):
    assert "Manage" in owner_client.get(reverse("accounts:profile")).content.decode()
    members = owner_client.get(reverse("accounts:members", args=[org.slug])).content.decode()
    assert "Two-step login" in members


def test_the_admin_login_goes_through_polku_login(owner, secret, viewer_client):
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client = Client()
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    # The admin's own form is not there to post a password to.
    posted = client.post(reverse("admin:login"), {"username": owner.email, "password": PASSWORD})
    assert posted.status_code == 302 and not logged_in(client)
    # A logged-in member who is not staff is refused, not sent round in a loop.
    assert viewer_client.get(reverse("admin:login")).status_code == 403


def test_the_operator_can_turn_it_off(owner, secret, capsys):
    call_command("twostep", "status", "--email", owner.email)
    assert "on, 0 recovery codes" in capsys.readouterr().out
    call_command("twostep", "off", "--email", owner.email.upper())
    assert not TwoFactor.objects.exists()


def test_two_racing_requests_with_one_code_let_one_in(owner, secret):
    two_factor = TwoFactor.objects.get()
    code = code_at(secret)
    results = [twofactor.accept_code(two_factor, code), twofactor.accept_code(two_factor, code)]
    assert results == [True, False]
