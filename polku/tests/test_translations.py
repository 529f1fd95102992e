"""The Finnish and English catalogues are complete, current, and actually used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

from polku.accounts.models import User
from polku.demo.loader import DEMO_EMAIL

LOCALE = Path(__file__).resolve().parents[1] / "locale"
LANGS = ["fi", "en"]


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_has_no_empty_or_fuzzy_entries(lang):
    po = catalogue(lang)
    assert len(po) > 100
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_matches_source(lang, tmp_path):
    compiled = polib.mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))
    source = {(e.msgid, e.msgstr) for e in catalogue(lang) if not e.obsolete}
    assert source <= {(e.msgid, e.msgstr) for e in compiled}, "run `make messages`"


def test_catalogue_is_current(tmp_path):
    """Every translatable string in the code is in the catalogue (`make messages` was run)."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs GNU gettext (xgettext) to check the catalogues")
        pytest.skip("GNU gettext (xgettext) not installed: catalogue freshness not checked")
    tree = tmp_path / "polku"
    shutil.copytree(
        LOCALE.parent, tree, ignore=shutil.ignore_patterns("static", "__pycache__", "tests")
    )
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "fi",
            "--no-obsolete",
            "--ignore",
            "conftest.py",
        ],
        cwd=tree,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(tree / "locale/fi/LC_MESSAGES/django.po"))}
    assert fresh - {e.msgid for e in catalogue("fi")} == set(), "run `make messages`"


class TextCollector(HTMLParser):
    """Visible text nodes and the attributes people read (labels, titles)."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "pre"}:
            self.skip += 1
        for name, value in attrs:
            if name in {"aria-label", "title", "placeholder", "alt"} and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in {"script", "style", "pre"}:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            # Form labels end in Django's label suffix; the message is what comes before it.
            self.texts.append(data.strip().removesuffix(":").strip())


def english_only_messages() -> set[str]:
    """English messages whose Finnish differs; a Finnish page must show none of them."""
    return {
        e.msgid
        for e in catalogue("fi")
        if e.msgstr and e.msgstr != e.msgid and "%" not in e.msgid and len(e.msgid) > 3
    }


@pytest.fixture
def demo_client(db, demo_once, settings):
    settings.LANGUAGE_CODE = "fi"
    client = Client(HTTP_ACCEPT_LANGUAGE="fi")
    client.force_login(User.objects.get(email=DEMO_EMAIL))
    return client


def demo_pages() -> list[str]:
    from polku.journeys.models import Persona, PersonaStep, Touchpoint
    from polku.outbox.models import OutboxEmail

    persona = Persona.objects.filter(organization__slug="demo").first()
    step = PersonaStep.objects.filter(persona=persona).first()
    touchpoint = Touchpoint.objects.filter(organization__slug="demo").first()
    pages = [
        reverse("journeys:map", args=["demo"]),
        reverse("journeys:map", args=["demo"]) + f"?persona={persona.pk}",
        reverse("journeys:blueprint", args=["demo"]),
        reverse("journeys:import", args=["demo"]),
        reverse("journeys:persona_detail", args=["demo", persona.pk]),
        reverse("journeys:step_edit", args=["demo", persona.pk, step.pk]),
        reverse("journeys:section_delete", args=["demo", "touchpoints", touchpoint.pk]),
        reverse("accounts:members", args=["demo"]),
        reverse("accounts:organization_settings", args=["demo"]),
        reverse("accounts:profile"),
        reverse("accounts:two_factor"),
        reverse("accounts:organization_new"),
        reverse("accounts:password_change"),
        reverse("outbox:list", args=["demo"]),
    ]
    for kind in ("stages", "channels", "touchpoints", "personas"):
        pages += [
            reverse("journeys:section_list", args=["demo", kind]),
            reverse("journeys:section_create", args=["demo", kind]),
        ]
    from polku.customers.models import Customer
    from polku.surveys.models import Survey

    laura = Customer.objects.get(organization__slug="demo", email="laura.makinen@example.fi")
    survey = Survey.objects.filter(organization__slug="demo", preset="store_visit").get()
    response = survey.responses.first()
    question = survey.questions.first()
    from polku.automation.models import Invitation, Rule

    rule = Rule.objects.filter(organization__slug="demo").first()
    unsubscribe = Invitation.objects.filter(organization__slug="demo").exclude(email=None).first()
    from polku.cases.models import Case

    case = Case.objects.filter(organization__slug="demo", customer__isnull=False).first()
    open_case = Case.objects.filter(organization__slug="demo", status="new").first()
    pages += [
        reverse("cases:inbox", args=["demo"]),
        reverse("cases:inbox", args=["demo"]) + "?view=all",
        reverse("cases:new", args=["demo"]),
        reverse("cases:figures", args=["demo"]),
        reverse("cases:detail", args=["demo", case.pk]),
        reverse("cases:detail", args=["demo", open_case.pk]),
        reverse("automation:overview", args=["demo"]),
        reverse("automation:rules", args=["demo"]),
        reverse("automation:rule_edit", args=["demo", rule.pk]),
        reverse("automation:rule_delete", args=["demo", rule.pk]),
        reverse("automation:templates", args=["demo"]),
        reverse("automation:template_edit", args=["demo", "invitation", "fi"]),
        reverse("automation:template_edit", args=["demo", "delivery_notice", "fi"]),
        unsubscribe.email.headers["List-Unsubscribe"].strip("<>").split("testserver", 1)[1],
        reverse("accounts:api_keys", args=["demo"]),
        reverse("customers:list", args=["demo"]),
        reverse("customers:connections", args=["demo"]),
        reverse("customers:import", args=["demo"]),
        reverse("customers:detail", args=["demo", laura.pk]),
        reverse("privacy:overview", args=["demo"]),
        reverse("webhooks:list", args=["demo"]),
        reverse("privacy:export_html", args=["demo", laura.pk]),
        reverse("privacy:erase", args=["demo", laura.pk]),
        reverse("surveys:list", args=["demo"]),
        reverse("surveys:new", args=["demo"]),
        reverse("surveys:detail", args=["demo", survey.pk]),
        reverse("surveys:settings", args=["demo", survey.pk]),
        reverse("surveys:question_edit", args=["demo", survey.pk, question.pk]),
        reverse("surveys:question_delete", args=["demo", survey.pk, question.pk]),
        reverse("surveys:delete", args=["demo", survey.pk]),
        reverse("surveys:responses", args=["demo", survey.pk]),
        reverse("surveys:response_detail", args=["demo", survey.pk, response.pk]),
        reverse("surveys:invitations", args=["demo", survey.pk]),
        reverse("surveys:poster", args=["demo", survey.pk]),
        reverse("surveys:preview", args=["demo", survey.pk]),
        reverse("respond:survey", args=[survey.public_id]) + "?lang=fi",
        reverse("respond:thanks", args=[survey.public_id]) + "?lang=fi",
    ]
    from polku.improve.models import Audit, AuditTemplate, Improvement, Testimonial
    from polku.journeys.models import Channel

    store = Channel.objects.get(organization__slug="demo", kind="store")
    from polku.accounts.models import Membership
    from polku.insights.digest import stop_token

    owner_membership = Membership.objects.get(organization__slug="demo", role="owner")

    measured = Improvement.objects.get(organization__slug="demo", status="measured")
    running = Improvement.objects.get(organization__slug="demo", status="done")
    finished = Audit.objects.filter(organization__slug="demo", finished_at__isnull=False).first()
    walking = Audit.objects.filter(organization__slug="demo", finished_at__isnull=True).first()
    checklist = AuditTemplate.objects.filter(organization__slug="demo").first()
    testimonial = Testimonial.objects.filter(organization__slug="demo").first()
    from polku.insights.models import Segment

    segment = Segment.objects.filter(organization__slug="demo").first()
    pages += [
        reverse("insights:overview", args=["demo"]),
        reverse("insights:overview", args=["demo"]) + "?days=365",
        reverse("insights:people", args=["demo"]),
        reverse("insights:repeat", args=["demo"]),
        reverse("insights:segments", args=["demo"]),
        reverse("insights:segment_new", args=["demo"]),
        reverse("insights:segment_edit", args=["demo", segment.pk]),
        reverse("insights:segment_delete", args=["demo", segment.pk]),
        reverse("insights:compare", args=["demo"]),
        reverse("insights:compare", args=["demo"]) + "?by=segment&then=quarter&days=365",
        reverse("insights:compare", args=["demo"]) + "?by=persona&then=channel&figure=csat",
        reverse("insights:overview", args=["demo"]) + f"?segment={segment.pk}",
        reverse("journeys:map", args=["demo"]) + f"?segment={segment.pk}",
        reverse("customers:list", args=["demo"]) + f"?segment={segment.pk}",
        reverse("digest_stop", args=[stop_token(owner_membership)]),
        reverse("insights:touchpoint", args=["demo", response.touchpoint_id]),
        reverse("insights:survey", args=["demo", survey.pk]),
        reverse("insights:channel", args=["demo", store.pk]),
        reverse("insights:kpis", args=["demo"]),
        reverse("insights:kpi_import", args=["demo"]),
        reverse("insights:revenue", args=["demo"]),
        reverse("insights:revenue", args=["demo"])
        + "?visitors=10000&conversion=2&average_order=120"
        + "&visitors2=12500&conversion2=3&average_order2=125",
        reverse("journeys:map", args=["demo"]) + "?days=30",
        reverse("improve:backlog", args=["demo"]),
        reverse("improve:new", args=["demo"]),
        reverse("improve:detail", args=["demo", measured.pk]),
        reverse("improve:detail", args=["demo", running.pk]),
        reverse("improve:delete", args=["demo", measured.pk]),
        reverse("improve:audits", args=["demo"]),
        reverse("improve:template_new", args=["demo"]),
        reverse("improve:template_detail", args=["demo", checklist.pk]),
        reverse("improve:template_delete", args=["demo", checklist.pk]),
        reverse("improve:section_edit", args=["demo", checklist.sections.first().pk]),
        reverse("improve:audit_detail", args=["demo", finished.pk]),
        reverse("improve:audit_detail", args=["demo", walking.pk]),
        reverse("improve:audit_walk", args=["demo", walking.pk]) + "?step=2",
        reverse("improve:audit_delete", args=["demo", finished.pk]),
        reverse("improve:testimonials", args=["demo"]),
        reverse("improve:testimonials_snippet", args=["demo"]),
        reverse("improve:testimonial_withdraw", args=["demo", testimonial.pk]),
        reverse("testimonial_withdraw", args=[testimonial.withdrawal_token]),
        reverse("respond:thanks", args=[survey.public_id])
        + f"?lang=fi&w={testimonial.withdrawal_token}",
    ]
    from polku.text.models import Theme

    delivery = Theme.objects.get(organization__slug="demo", starter="delivery")
    pages += [
        reverse("text:comments", args=["demo"]),
        reverse("text:comments", args=["demo"]) + f"?theme={delivery.pk}&sentiment=negative",
        reverse("text:comments", args=["demo"]) + "?without_theme=on",
        reverse("text:drivers", args=["demo"]),
        reverse("text:drivers", args=["demo"]) + "?days=30",
        reverse("text:themes", args=["demo"]),
        reverse("text:theme_new", args=["demo"]),
        reverse("text:theme_edit", args=["demo", delivery.pk]),
        reverse("text:theme_delete", args=["demo", delivery.pk]),
        reverse("text:models", args=["demo"]),
        reverse("surveys:responses", args=["demo", survey.pk]) + f"?theme={delivery.pk}",
        reverse("cases:inbox", args=["demo"]) + "?view=all&sentiment=negative",
    ]
    email = OutboxEmail.objects.filter(organization__slug="demo").first()
    if email:
        pages.append(reverse("outbox:detail", args=["demo", email.pk]))
    return pages


def test_finnish_pages_show_no_english(demo_client):
    english = english_only_messages()
    for url in demo_pages():
        response = demo_client.get(url)
        assert response.status_code == 200, url
        collector = TextCollector()
        collector.feed(response.content.decode())
        leaked = [text for text in collector.texts if text in english]
        assert leaked == [], (url, leaked)


def test_public_pages_in_finnish(db, settings):
    settings.LANGUAGE_CODE = "fi"
    client = Client(HTTP_ACCEPT_LANGUAGE="fi")
    english = english_only_messages()
    for name in ("accounts:login", "accounts:signup", "accounts:password_reset"):
        collector = TextCollector()
        collector.feed(client.get(reverse(name)).content.decode())
        assert [t for t in collector.texts if t in english] == [], name


def test_english_does_not_fall_back_to_finnish(demo_client):
    response = demo_client.get(reverse("journeys:map", args=["demo"]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Service blueprint" in html and "Palvelupiirustus" not in html


def test_language_switcher_remembers_choice(demo_client):
    map_url = reverse("journeys:map", args=["demo"])
    demo_client.post(reverse("set_language"), {"language": "en", "next": map_url})
    assert "Service blueprint" in demo_client.get(map_url).content.decode()
    demo_client.post(reverse("set_language"), {"language": "fi", "next": map_url})
    assert "Palvelupiirustus" in demo_client.get(map_url).content.decode()


def test_finnish_dates_and_money(demo_client):
    html = demo_client.get(reverse("journeys:section_list", args=["demo", "personas"])).content
    assert "68,50\xa0€" in html.decode()
    members = demo_client.get(reverse("accounts:members", args=["demo"])).content.decode()
    from django.utils import timezone

    today = timezone.localdate()
    assert f"{today.day}.{today.month}.{today.year}" in members
