"""Shared fixtures: two organizations, members of every role, small builders.

`org` (Kaisla-like) has an owner, a manager, an agent and a viewer; `other_org` belongs to
an outsider. Every access test can use both without setting them up again.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from polku.accounts.actions import create_organization
from polku.accounts.models import Membership, Organization, Role, User
from polku.journeys.models import Channel, Persona, PersonaStep, Stage, Touchpoint
from polku.surveys.actions import create_survey, publish

PASSWORD = "correct-horse-battery"


def make_user(email: str, name: str = "") -> User:
    return User.objects.create_user(email, PASSWORD, display_name=name or email.split("@")[0])


def add_member(organization: Organization, role: str, email: str) -> Membership:
    return Membership.objects.create(user=make_user(email), organization=organization, role=role)


def make_journey(organization: Organization, prefix: str = "") -> dict:
    """One touchpoint and one persona with a step, on the default stages and channels."""
    stage = Stage.objects.filter(organization=organization).first()
    channel = Channel.objects.filter(organization=organization).first()
    touchpoint = Touchpoint.objects.create(
        organization=organization,
        stage=stage,
        channel=channel,
        name=f"{prefix}Checkout",
        promise="Three clicks to pay",
        position=1,
    )
    persona = Persona.objects.create(organization=organization, name=f"{prefix}Laura", age=34)
    step = PersonaStep.objects.create(
        organization=organization, persona=persona, touchpoint=touchpoint, note="Fast"
    )
    return {
        "stage": stage,
        "channel": channel,
        "touchpoint": touchpoint,
        "persona": persona,
        "step": step,
    }


@pytest.fixture
def owner(db) -> User:
    return make_user("owner@a.test", "Olivia Owner")


@pytest.fixture
def org(owner) -> Organization:
    return create_organization("Shop A", owner, "en")


@pytest.fixture
def manager(org) -> User:
    return add_member(org, Role.MANAGER, "manager@a.test").user


@pytest.fixture
def agent(org) -> User:
    return add_member(org, Role.AGENT, "agent@a.test").user


@pytest.fixture
def viewer(org) -> User:
    return add_member(org, Role.VIEWER, "viewer@a.test").user


@pytest.fixture
def outsider(db) -> User:
    return make_user("outsider@b.test", "Otto Outsider")


@pytest.fixture
def other_org(outsider) -> Organization:
    return create_organization("Shop B", outsider, "fi")


@pytest.fixture
def journey(org) -> dict:
    return make_journey(org)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database as DATABASE_URL, for a Polku process started by a test."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    auth = f"{user}:{settings['PASSWORD']}" if settings["PASSWORD"] else user
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{settings['NAME']}"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def survey(org, journey):
    """The store-visit preset (NPS required, rating, short text, better, consent), open."""
    survey = create_survey(
        org,
        "Store visit",
        preset="store_visit",
        touchpoint=journey["touchpoint"],
        languages=["fi", "en"],
    )
    publish(survey)
    return survey


@pytest.fixture
def owner_client(owner) -> Client:
    return client_for(owner)


@pytest.fixture
def manager_client(manager) -> Client:
    return client_for(manager)


@pytest.fixture
def viewer_client(viewer) -> Client:
    return client_for(viewer)


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo, loaded once for a whole test module: it takes seconds (more on PostgreSQL).

    It is loaded in a transaction that is rolled back after the module's last test. Each
    test that asks for `db` runs in a savepoint inside it, as with Django's setUpTestData,
    so what one test writes is undone before the next. Not for tests of a live server: their
    transactional database empties the tables after each test."""
    from django.db import transaction

    from polku.demo.loader import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the settings' language: a request or a demo load in Finnish
    leaves Finnish active in the thread, and a later test would read its messages so."""
    translation.deactivate()


@pytest.fixture(autouse=True)
def outbox_email_backend(settings):
    """Django's test runner swaps in the in-memory backend; tests use the real outbox path."""
    settings.EMAIL_BACKEND = "polku.outbox.backend.OutboxBackend"


class CollectingHandler:
    """aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Polku is configured to deliver to it."""
    from aiosmtpd.controller import Controller

    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.POLKU_OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


def find_chromium() -> str | None:
    for candidate in (
        os.environ.get("POLKU_CHROMIUM"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        shutil.which("chromium"),
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped with a message where it is missing."""
    path = find_chromium()
    if path is None:
        message = "Chromium not found (apt-get install chromium): browser tests skipped"
        if os.environ.get("CI") == "true":
            pytest.fail(message.replace("skipped", "are required in CI"))
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900})
    # Every refusal by a page's Content-Security-Policy is kept, for axe_violations to report.
    context.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', (e) => window.cspViolations"
        ".push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile"
        " + ':' + e.lineNumber));"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


AXE_PATH = Path(__file__).resolve().parent / "static" / "vendor" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    """WCAG 2.1 A and AA violations on the current page, by axe-core, and anything the
    page's Content-Security-Policy refused (an inline script or style left somewhere)."""
    # Evaluated by the browser's debugging protocol, which the page's policy does not govern
    # (a script tag added to the page would be refused like any other).
    page.evaluate(AXE_PATH.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    found = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]
    refused = page.evaluate("window.cspViolations || []")
    return found + [{"id": "content-security-policy", "refused": r} for r in refused]
