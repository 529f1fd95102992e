"""The demo: a Finnish cosmetics shop with a webshop, and a small English-speaking workshop.

The journeys are kept as journey files (the same format as export and import) beside this
module. Only this loader creates the demo login.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone, translation

from polku.accounts import actions as account_actions
from polku.accounts.models import Membership, Organization, Role, User
from polku.insights.digest import SEND_FROM_HOUR, send_weekly_digests
from polku.journeys.transfer import parse_journey_file, replace_journey
from polku.text.analysis import add_starter_themes, analyze_pending

from .automation import load_demo_automation
from .cases import load_demo_cases
from .comments import correct_demo_themes
from .events import load_demo_events
from .history import load_demo_history, load_demo_kpis, load_demo_orders
from .improve import load_demo_improve
from .privacy import load_demo_privacy
from .segments import load_demo_segments
from .surveys import load_demo_surveys
from .webhooks import load_demo_webhooks

DEMO_EMAIL = "demo@polku.test"
DEMO_PASSWORD = "polku-demo"  # noqa: S105 - the published demo login
DEMO_SLUG = "demo"
HERE = Path(__file__).parent

ORGANIZATIONS = [
    {
        "slug": DEMO_SLUG,
        "name": "Kauneuspuoti Kaisla",
        "language": "fi",
        "journey": "journey-fi.json",
        "demo_role": Role.OWNER,
        "members": [
            ("mikko@kaisla.test", "Mikko Laine", Role.MANAGER),
            ("aino@kaisla.test", "Aino Korhonen", Role.AGENT),
            ("jari@kaisla.test", "Jari Nieminen", Role.AGENT),
            ("tilitoimisto@kaisla.test", "Tilitoimisto Tarkka", Role.VIEWER),
        ],
        "invites": [("emma@kaisla.test", Role.AGENT)],
    },
    {
        "slug": "clearview",
        "name": "Clearview Glass Care",
        "language": "en",
        "journey": "journey-en.json",
        "demo_role": Role.MANAGER,
        "members": [("ben@clearview.test", "Ben Carter", Role.OWNER)],
        "invites": [],
    },
]


def demo_exists() -> bool:
    return Organization.objects.filter(slug=DEMO_SLUG).exists()


def _user(email: str, name: str, password: str | None = None) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()  # colleagues in the story; only the demo user logs in
        user.save()
    return user


@transaction.atomic
def load_demo() -> Organization:
    """Create the demo organizations (idempotent: does nothing if they exist)."""
    demo_user = _user(DEMO_EMAIL, "Sanna Virtanen", DEMO_PASSWORD)
    for spec in ORGANIZATIONS:
        if Organization.objects.filter(slug=spec["slug"]).exists():
            continue
        # Built as its own staff would, in the organization's language: what the staff's
        # actions store as text (a case's status change on its timeline) is in it.
        with translation.override(spec["language"]):
            _build(spec, demo_user)
    _last_weekly_digest()
    # What the worker does with new comments, done now so the comment pages have a year.
    analyze_pending()
    for spec in ORGANIZATIONS:
        correct_demo_themes(Organization.objects.get(slug=spec["slug"]))
    return Organization.objects.get(slug=DEMO_SLUG)


def _build(spec: dict, demo_user: User) -> None:
    organization = Organization.objects.create(
        slug=spec["slug"], name=spec["name"], language=spec["language"]
    )
    Membership.objects.create(user=demo_user, organization=organization, role=spec["demo_role"])
    for email, name, role in spec["members"]:
        Membership.objects.create(user=_user(email, name), organization=organization, role=role)
    journey = parse_journey_file((HERE / spec["journey"]).read_bytes())
    replace_journey(organization, journey)
    add_starter_themes(organization)
    if organization.slug == DEMO_SLUG:
        load_demo_orders(organization)  # first: the webshop's answers are its buyers'
    load_demo_surveys(organization)
    load_demo_history(organization)
    load_demo_kpis(organization)
    if organization.slug == DEMO_SLUG:
        load_demo_events(organization)
    load_demo_automation(organization, DEMO_EMAIL)
    load_demo_improve(organization)
    load_demo_cases(organization)
    load_demo_segments(organization)
    load_demo_privacy(organization, DEMO_EMAIL)
    load_demo_webhooks(organization)
    for email, role in spec["invites"]:
        account_actions.invite_member(organization, email, role, demo_user)


def _last_weekly_digest() -> None:
    """This week's Monday digest, as the worker would have made it, for the outbox."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    at = timezone.make_aware(datetime.combine(monday, time(SEND_FROM_HOUR)))
    send_weekly_digests(at)


@transaction.atomic
def delete_demo() -> None:
    Organization.objects.filter(slug__in=[spec["slug"] for spec in ORGANIZATIONS]).delete()
