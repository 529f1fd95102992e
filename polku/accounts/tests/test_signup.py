from django.urls import reverse

from polku.accounts.models import Membership, Organization, Role, User
from polku.journeys.models import Channel, Stage


def signup_data(**overrides):
    data = {
        "display_name": "Sanna Virtanen",
        "email": "Sanna@Shop.fi",
        "password": "kukkakauppa-2026",
        "organization_name": "Kukkakauppa Orvokki",
        "language": "fi",
    }
    data.update(overrides)
    return data


def test_signup_creates_user_owner_organization_and_default_journey(client, db):
    response = client.post(reverse("accounts:signup"), signup_data())
    organization = Organization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("journeys:map", args=[organization.slug])
    user = User.objects.get()
    assert user.email == "sanna@shop.fi"
    assert user.display_name == "Sanna Virtanen"
    assert Membership.objects.get().role == Role.OWNER
    assert organization.slug == "kukkakauppa-orvokki"
    assert list(Stage.objects.values_list("name", flat=True)) == [
        "Lähtötila",
        "Ennen ostosta",
        "Ostotapahtuma",
        "Oston jälkeen",
    ]
    assert Channel.objects.count() == 7
    # Logged in straight away.
    assert client.get(response["Location"]).status_code == 200


def test_signup_refuses_taken_email_and_weak_password_and_changes_nothing(client, owner):
    response = client.post(
        reverse("accounts:signup"), signup_data(email="OWNER@a.test", password="123")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "email" in errors and "password" in errors
    assert User.objects.count() == 1
    assert Organization.objects.count() == 0


def test_same_business_name_gets_a_distinct_address(client, db):
    client.post(reverse("accounts:signup"), signup_data())
    client.logout()
    client.post(reverse("accounts:signup"), signup_data(email="other@shop.fi"))
    assert sorted(Organization.objects.values_list("slug", flat=True)) == [
        "kukkakauppa-orvokki",
        "kukkakauppa-orvokki-2",
    ]


def test_login_with_email_and_logout(client, owner, org):
    response = client.post(
        reverse("accounts:login"), {"username": "owner@a.test", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("journeys:map", args=[org.slug])
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home"))["Location"] == reverse("accounts:login")


def test_wrong_password_shows_error(client, owner):
    response = client.post(
        reverse("accounts:login"), {"username": "owner@a.test", "password": "nope"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_profile_sets_display_name(owner_client, owner):
    response = owner_client.post(reverse("accounts:profile"), {"display_name": "Olivia O."})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.display_name == "Olivia O."


def test_user_with_two_organizations_switches_between_them(owner_client, owner, org):
    owner_client.post(
        reverse("accounts:organization_new"), {"name": "Second shop", "language": "en"}
    )
    second = Organization.objects.get(name="Second shop")
    page = owner_client.get(reverse("journeys:map", args=[second.slug])).content.decode()
    assert "Shop A" in page and "Second shop" in page  # the switcher lists both
    assert owner_client.get(reverse("home"))["Location"].endswith(f"/o/{second.slug}/journey/")
    owner_client.get(reverse("journeys:map", args=[org.slug]))
    assert owner_client.get(reverse("home"))["Location"].endswith(f"/o/{org.slug}/journey/")


def test_user_without_organization_is_asked_to_create_one(client, db):
    user = User.objects.create_user("lonely@x.test", "pw-long-enough-1", display_name="L")
    client.force_login(user)
    assert client.get(reverse("home"))["Location"] == reverse("accounts:organization_new")
