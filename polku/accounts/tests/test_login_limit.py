"""Failed logins are limited per client address and per account; the right password does
not get in while the limit holds, and a good login counts nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from polku.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("login_limit_of_three")


def log_in(client, email: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_after_too_many_failures_even_the_right_password_waits(owner):
    client = Client()
    for _ in range(3):
        assert log_in(client, owner.email, "wrong").status_code == 200
    refused = log_in(client, owner.email, PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_account_is_protected_from_many_addresses(owner):
    for n in range(3):
        log_in(Client(), owner.email, "wrong", address=f"10.0.1.{n}")
    assert log_in(Client(), owner.email, PASSWORD, address="10.0.2.1").status_code == 429


def test_one_address_cannot_try_many_accounts(owner, manager):
    for n in range(3):
        log_in(Client(), f"nobody{n}@x.test", "wrong", address="10.0.3.1")
    assert log_in(Client(), owner.email, PASSWORD, address="10.0.3.1").status_code == 429
    # Someone else, elsewhere, logs in as usual.
    assert log_in(Client(), manager.email, PASSWORD, address="10.0.4.1").status_code == 302


def test_good_logins_count_nothing(owner):
    for _ in range(5):
        assert log_in(Client(), owner.email, PASSWORD).status_code == 302
