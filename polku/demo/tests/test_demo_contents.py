"""What the loaded demo holds and shows, each test reading the same demo, loaded once.

The demo takes seconds to load (more on PostgreSQL), so the module shares one load
(`demo_once` in polku/conftest.py). The tests that need a demo loaded their own way (other
settings, a reset, loading twice) are in test_demo.py.
"""

import pytest
from django.urls import reverse

from polku.accounts.models import Membership
from polku.demo.loader import DEMO_EMAIL, DEMO_PASSWORD
from polku.journeys.models import Touchpoint
from polku.outbox.models import OutboxEmail


@pytest.fixture
def demo(demo_once):
    return demo_once


def test_demo_login_shows_the_journey_map(db, demo, client):
    response = client.post(
        reverse("accounts:login"), {"username": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get(client.get(reverse("home"))["Location"], HTTP_ACCEPT_LANGUAGE="fi")
    html = page.content.decode()
    for stage in ("Lähtötila", "Ennen ostosta", "Ostotapahtuma", "Oston jälkeen"):
        assert stage in html
    assert "Kauneuspuoti Kaisla" in html


def test_demo_uses_every_survey_preset_with_answers(db, demo):
    from polku.surveys.models import Response, ResponseRollup, Survey
    from polku.surveys.presets import PRESETS

    demo_surveys = Survey.objects.filter(organization__slug="demo")
    assert set(PRESETS) <= set(demo_surveys.values_list("preset", flat=True))
    for survey in demo_surveys.exclude(current_version=None):
        assert survey.responses.count() >= 15
        assert survey.touchpoint is not None
    assert Response.objects.filter(source="qr", channel__kind="store").exists()
    assert Response.objects.filter(source="widget").exists()
    assert Response.objects.filter(has_comment=True).count() > 50
    rollup_total = sum(ResponseRollup.objects.values_list("responses", flat=True))
    assert rollup_total == Response.objects.count()


def test_demo_has_personal_links_one_answered(db, demo):
    from polku.automation.models import Invitation

    links = Invitation.objects.filter(organization__slug="demo", rule=None)
    assert links.count() == 3
    answered = links.exclude(response=None).get()
    assert answered.response.customer == answered.customer
    assert answered.response.employee.user.email == "aino@kaisla.test"


def test_demo_customers_have_events_and_consents(db, demo):
    from polku.customers.models import Consent, Customer, Event

    kinds = set(Event.objects.filter(organization__slug="demo").values_list("kind", flat=True))
    assert {"order_placed", "order_delivered", "order_delayed", "complaint", "store_visit"} <= kinds
    assert Customer.objects.filter(organization__slug="demo").count() >= 8
    assert Consent.objects.filter(purpose="surveys", granted=True).count() >= 8
    # The customers of the personal links and of the webshop are the same people.
    laura = Customer.objects.get(organization__slug="demo", email="laura.makinen@example.fi")
    assert laura.events.exists() and laura.invitations.exists()


def test_demo_shows_automation_at_work(db, demo):
    from django.utils import timezone

    from polku.automation.engine import late_order_counts
    from polku.automation.models import DeliveryNotice, Invitation, Rule

    for slug in ("demo", "clearview"):
        assert Rule.objects.filter(organization__slug=slug).exists()
        sent = Invitation.objects.filter(organization__slug=slug, state="sent").exclude(rule=None)
        assert sent.exclude(response=None).exists()
    assert demo.default_sender.user.email == DEMO_EMAIL
    invitations = Invitation.objects.filter(organization=demo).exclude(rule=None)
    assert invitations.filter(unsubscribed_at__isnull=False).exists()
    assert invitations.filter(email__status="bounced").exists()
    assert invitations.filter(skip_reason="recently_invited").exists()
    finnish = invitations.filter(customer__language="fi", email__status="kept").first().email
    assert "miten onnistuimme" in finnish.subject and finnish.body_text.startswith("Hei ")
    assert DeliveryNotice.objects.filter(organization=demo).count() == 2
    counts = late_order_counts(demo, timezone.now() - timezone.timedelta(days=30), timezone.now())
    assert (counts.told_first, counts.asked_first) == (1, 1)


def test_an_order_placed_through_the_api_leads_to_an_invitation_that_can_be_answered(
    db, demo, client
):
    """The issue's demo walk: API order → rule's (shortened) delay → outbox → answered."""
    import json
    import re
    from datetime import timedelta

    from django.utils import timezone

    from polku.accounts.apikeys import create_api_key
    from polku.automation.engine import apply_rules, send_due_invitations
    from polku.automation.models import Invitation
    from polku.outbox.sending import send_due_emails

    owner = Membership.objects.get(organization=demo, user__email=DEMO_EMAIL).user
    _api_key, key = create_api_key(demo, "verkkokauppa", owner)
    checkout = Touchpoint.objects.get(organization=demo, name="Verkkokaupan kassa ja maksutavat")
    order = {
        "kind": "order_placed",
        "occurred_at": timezone.now().isoformat(),
        "external_id": "order-20001",
        "touchpoint_id": checkout.pk,
        "order_reference": "#20001",
        "amount": "39.90",
        "customer": {
            "email": "uusi.asiakas@example.fi",
            "name": "Noora Uusitalo",
            "language": "fi",
            "consents": [{"purpose": "surveys", "granted": True, "wording": "Saa kysyä."}],
        },
    }
    answer = client.post(
        "/api/v1/events",
        json.dumps(order),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert answer.status_code == 201
    apply_rules()
    assert send_due_invitations() == 0  # the rule waits a minute
    assert send_due_invitations(timezone.now() + timedelta(minutes=1)) == 1
    send_due_emails("test")
    email = OutboxEmail.objects.get(to="uusi.asiakas@example.fi")
    assert email.status == OutboxEmail.Status.KEPT
    assert email.body_text.startswith("Hei Noora,")
    # Opened from the outbox by the owner…
    client.force_login(owner)
    assert client.get(reverse("outbox:detail", args=["demo", email.pk])).status_code == 200
    client.logout()
    # …and answered through its link.
    link = re.search(r"http://testserver(/i/\S+/)", email.body_text).group(1)
    page = client.get(link)
    assert page.status_code == 200
    # (The big spenders' rule waits a week, and is for big spenders only.)
    invitation = Invitation.objects.get(customer__email="uusi.asiakas@example.fi", state="sent")
    version = invitation.survey.current_version
    html = page.content.decode()
    data = {
        "submission": re.search(r'name="submission" value="([^"]+)"', html).group(1),
        "version": version.pk,
    }
    for question in version.questions:
        if question["kind"] == "nps":
            data[question["key"]] = "9"
    posted = client.post(link, data)
    assert posted.status_code in (200, 302, 303)
    invitation.refresh_from_db()
    assert invitation.response is not None
    assert invitation.response.customer == invitation.customer


def test_demo_inbox_is_alive(db, demo):
    from django.utils import timezone

    from polku.cases.models import Case, CaseEntry

    cases = Case.objects.filter(organization=demo)
    assert set(cases.values_list("status", flat=True)) == set(Case.Status.values)
    assert (
        cases.filter(due_at__lt=timezone.now()).exclude(status__in=["resolved", "closed"]).exists()
    )
    assert cases.filter(came_by="phone", kind="complaint").exists()
    entries = CaseEntry.objects.filter(case__organization=demo)
    for kind in ("reply", "customer_reply", "resolved", "not_told"):
        assert entries.filter(kind=kind).exists(), kind
    # The worker will not flood the team with overdue mail for the demo's history.
    assert not cases.filter(due_at__lt=timezone.now(), overdue_notified_at=None).exists()
    assert Case.objects.filter(organization__slug="clearview").exists()


def test_demo_improves_and_measures(db, demo):
    from polku.improve.audits import history
    from polku.improve.measure import before_after
    from polku.improve.models import Audit, Improvement, Testimonial

    items = Improvement.objects.filter(organization=demo)
    assert {i.quadrant for i in items} == set(Improvement.Quadrant.values)
    measured = items.get(status="measured")
    figures = measured.measured_figures
    # The parcel-locker change shows in the figures: fewer cases, more satisfied customers.
    assert figures["after"]["cases"] < figures["before"]["cases"]
    assert figures["after"]["csat"] > figures["before"]["csat"]
    running = items.get(status="done")
    assert not before_after(running).complete
    assert items.filter(source="audit", finding__isnull=False).exists()
    assert items.filter(cases__isnull=False).exists()
    finished = Audit.objects.filter(organization=demo, finished_at__isnull=False)
    assert finished.count() == 2
    assert Audit.objects.filter(organization=demo, finished_at__isnull=True).exists()
    (store,) = history(demo)
    assert store.rows[-1][0].score > store.rows[0][0].score  # the path got better
    testimonials = Testimonial.objects.filter(organization=demo)
    assert testimonials.filter(withdrawn_at__isnull=True, author_name="Liisa").exists()
    assert testimonials.filter(withdrawn_at__isnull=False).count() == 1
    assert Audit.objects.filter(organization__slug="clearview", finished_at__isnull=False).exists()


def test_demo_has_a_year_of_figures(db, demo, client):
    from datetime import timedelta

    from django.utils import timezone

    from polku.insights.metrics import figures_of, rollups_of, sliced
    from polku.insights.rollups import computed
    from polku.surveys.models import Response, ResponseRollup

    year_ago = timezone.localdate() - timedelta(days=360)
    assert Response.objects.filter(
        organization=demo, created_at__date__lt=year_ago + timedelta(days=30)
    ).exists()
    months = sliced(rollups_of(demo), "month", demo.min_answers)
    assert len(months) >= 12
    # The parcels got better over the year.
    delivery = rollups_of(demo, survey__preset="delivery")
    early = figures_of(delivery.filter(day__lt=year_ago + timedelta(days=120)), 10).csat
    late = figures_of(delivery.filter(day__gte=timezone.localdate() - timedelta(days=90)), 10).csat
    assert late.value > early.value
    # The running totals agree with a computation from the raw answers.
    rows = {
        (r.survey_id, r.day, r.slice_key): r.responses
        for r in ResponseRollup.objects.filter(organization=demo)
    }
    expected = computed(Response.objects.filter(organization=demo))
    assert rows == {key: row["responses"] for key, row in expected.items()}
    client.login(email=DEMO_EMAIL, password=DEMO_PASSWORD)
    assert client.get("/o/demo/insights/").status_code == 200


def test_demo_has_repeat_customers(db, demo):
    from polku.insights.repeat import orders_by_customer, repeat_figures

    figures = repeat_figures(orders_by_customer(demo), 90, demo.min_answers)
    assert figures.customers > 200 and figures.second_count > 50
    assert 10 < figures.bought_again.value < 80
    months = figures.months[-12:]
    assert len(months) == 12
    # More of the buyers are returning ones at the end of the year than at its start.
    assert months[-2][2] / months[-2][1] > months[1][2] / months[1][1]


def test_demo_team_page_has_a_coaching_topic(db, demo, client):
    client.login(email=DEMO_EMAIL, password=DEMO_PASSWORD)
    rows = client.get("/o/demo/insights/people/").context["rows"]
    flagged = {row.member.user.display_name: row for row in rows if row.differences}
    assert flagged["Jari Nieminen"].clearly_worse
    assert not flagged["Aino Korhonen"].clearly_worse


def test_demo_themes_learn_from_the_staffs_corrections(db, demo, client):
    from polku.text.models import CommentTheme, Theme

    hand = CommentTheme.objects.filter(comment__organization__slug="demo", source="manual")
    assert hand.filter(removed=False).exists() and hand.filter(removed=True).exists()
    client.login(email=DEMO_EMAIL, password=DEMO_PASSWORD)
    website = Theme.objects.get(organization__slug="demo", starter="website")
    page = client.get(f"/o/demo/comments/themes/{website.pk}/", HTTP_ACCEPT_LANGUAGE="fi")
    missing = [item.word for item, _language in page.context["missing"]]
    assert "ainesosaluettelo" in missing
    waiting = Theme.objects.get(organization__slug="demo", starter="waiting")
    page = client.get(f"/o/demo/comments/themes/{waiting.pk}/", HTTP_ACCEPT_LANGUAGE="fi")
    assert "odottaa" in [item.word for item in page.context["misfiring"]]
    clearview = Theme.objects.get(organization__slug="clearview", starter="delivery")
    assert CommentTheme.objects.filter(theme=clearview, removed=True, matched=["van"]).exists()
