"""One customer's personal data: everything exported, everything erased, the figures kept,
the logs written without the person in them."""

from __future__ import annotations

import io
import json
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from polku.accounts.models import Membership
from polku.automation.models import Invitation
from polku.cases.actions import add_note
from polku.cases.models import Case, CaseEntry
from polku.customers.models import Consent, Customer, Event, ExternalId
from polku.improve import models as improve
from polku.insights.models import Segment
from polku.insights.segments import refresh
from polku.outbox.models import OutboxEmail
from polku.privacy.erasure import ERASED, Scrubber, erase
from polku.privacy.models import Access, Erasure
from polku.privacy.personal_data import export
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Kind, Parsed
from polku.surveys.models import Answer, Response
from polku.text.analysis import analyze_pending
from polku.text.models import Comment
from polku.webhooks.models import Delivery, Subscription

NAME, EMAIL, PHONE = "Maija Virtanen", "maija.virtanen@example.fi", "+358 40 123 4567"


def answer_as(customer, survey, nps: int, best: str, better: str, consent: bool) -> Response:
    keys = {q["kind"]: q["key"] for q in survey.current_version.questions}
    answers = {
        keys[Kind.NPS]: Parsed(number=nps),
        keys[Kind.SHORT_TEXT]: Parsed(text=best),
        keys[Kind.LONG_TEXT]: Parsed(text=better),
    }
    if consent:
        answers[keys[Kind.CONSENT]] = Parsed(number=1)
    response, _created = submit_response(
        survey.current_version, answers, uuid.uuid4().hex, Origin(customer=customer)
    )
    return response


@pytest.fixture
def maija(org, survey, owner) -> Customer:
    """A customer with a bit of everything: ids, consents, an order, two answers (one with a
    case and a testimonial), a note on the case, an email, and a segment."""
    customer = Customer.objects.create(
        organization=org, name=NAME, email=EMAIL, phone=PHONE, tags=["kanta-asiakas"]
    )
    ExternalId.objects.create(organization=org, customer=customer, source="shopify", value="777")
    Consent.objects.create(
        customer=customer, purpose="surveys", granted=True, source="checkout", wording="Saa kysyä"
    )
    Event.objects.create(
        organization=org,
        customer=customer,
        kind=Event.Kind.ORDER_PLACED,
        occurred_at=timezone.now() - timedelta(days=3),
        source="shopify",
        order_reference="#1001",
        amount=Decimal("49.90"),
        delivery_method="home",
        delivery_place="Kotikatu 1, Tampere",
        payload={"customer": {"email": EMAIL, "first_name": "Maija", "phone": PHONE}},
    )
    answer_as(
        customer,
        survey,
        nps=3,
        best="Myyjä lupasi soittaa Virtasen Maijalle numeroon 040-123 4567",
        better=f"Vastatkaa osoitteeseen {EMAIL.upper()}, kiitos. T. Maija",
        consent=False,
    )
    answer_as(
        customer,
        survey,
        nps=10,
        best="Maija kiittää nopeasta toimituksesta",
        better="",
        consent=True,
    )
    case = Case.objects.filter(customer=customer, response__nps=3).get()
    add_note(case, Membership.objects.get(user=owner), "Soitin Maijalle, numero 0401234567.")
    OutboxEmail.objects.create(
        organization=org,
        from_email="kauppa@example.fi",
        to=f"{NAME} <{EMAIL}>",
        subject="Kiitos tilauksesta",
        body_text="Hei Maija!",
        status="sent",
    )
    segment = Segment.objects.create(
        organization=org, name="Kanta-asiakkaat", tags=["kanta-asiakas"]
    )
    refresh(segment)
    analyze_pending()
    return customer


def everything_text(org) -> str:
    """Every text of the organization that could name a person, in one string."""
    parts = []
    parts += Answer.objects.filter(response__organization=org).values_list("text", flat=True)
    parts += Case.objects.filter(organization=org).values_list("summary", flat=True)
    parts += CaseEntry.objects.filter(case__organization=org).values_list("text", flat=True)
    parts += improve.Testimonial.objects.filter(organization=org).values_list("quote", flat=True)
    parts += improve.Testimonial.objects.filter(organization=org).values_list(
        "author_name", flat=True
    )
    parts += [
        json.dumps(e.payload) + e.delivery_place for e in Event.objects.filter(organization=org)
    ]
    parts += [" ".join(c.lemmas) for c in Comment.objects.filter(organization=org)]
    parts += [json.dumps(c.sentiment_words) for c in Comment.objects.filter(organization=org)]
    parts += OutboxEmail.objects.filter(organization=org).values_list("to", "body_text")
    return " ".join(str(p) for p in parts).lower()


def test_the_export_holds_everything_about_the_customer(maija):
    data = export(maija)
    assert data["customer"]["name"] == NAME and data["customer"]["email"] == EMAIL
    assert data["ids_in_other_systems"] == [{"source": "shopify", "id": "777"}]
    assert [c["wording"] for c in data["consents"]] == ["Saa kysyä"]
    assert data["segments"] == ["Kanta-asiakkaat"]
    assert data["events"][0]["as_received"]["customer"]["email"] == EMAIL
    assert len(data["responses"]) == 2
    texts = [a["text"] for r in data["responses"] for a in r["answers"]]
    assert any("Virtasen Maijalle" in t for t in texts)
    assert data["responses"][0]["answers"][0]["question"]  # the question in words
    assert len(data["cases"]) == 2  # the low score and the praise
    case = data["cases"][0]
    assert "Virtasen" in case["summary"]
    assert any(e["text"].startswith("Soitin Maijalle") for e in case["timeline"])
    assert len(data["testimonials"]) == 1
    assert data["emails_sent"][0]["subject"] == "Kiitos tilauksesta"


def test_owners_download_json_and_a_readable_page_and_it_is_logged(maija, org, owner_client):
    url = reverse("privacy:export_json", kwargs={"org": org.slug, "pk": maija.pk})
    response = owner_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["customer"]["phone"] == PHONE and data["events"][0]["amount"] == "49.90"

    page = owner_client.get(
        reverse("privacy:export_html", kwargs={"org": org.slug, "pk": maija.pk}),
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    html = page.content.decode()
    assert page.status_code == 200 and EMAIL in html and "Virtasen Maijalle" in html
    assert "49,90" in html  # Finnish money on a Finnish page
    assert "script-src" not in page["Content-Security-Policy"]  # default-src 'none': no scripts
    actions = list(Access.objects.filter(customer_number=maija.pk).values_list("action", flat=True))
    assert sorted(actions) == ["exported_html", "exported_json"]


def test_free_text_in_the_export_page_is_escaped(org, owner_client):
    customer = Customer.objects.create(organization=org, name="<script>alert(1)</script>")
    page = owner_client.get(
        reverse("privacy:export_html", kwargs={"org": org.slug, "pk": customer.pk})
    )
    assert b"<script>" not in page.content and b"&lt;script&gt;" in page.content


@pytest.mark.parametrize("who", ["manager_client", "viewer_client"])
def test_only_owners_export_or_erase(maija, org, who, request):
    client = request.getfixturevalue(who)
    for name in ("privacy:export_json", "privacy:export_html", "privacy:erase"):
        url = reverse(name, kwargs={"org": org.slug, "pk": maija.pk})
        assert client.get(url).status_code == 403
        assert client.post(url, {"confirm": "on"}).status_code == 403
    assert client.get(reverse("privacy:overview", kwargs={"org": org.slug})).status_code == 403
    assert Customer.objects.filter(pk=maija.pk).exists()


def test_opening_a_customer_page_is_logged_for_owners_to_see(maija, org, manager, owner_client):
    from polku.conftest import client_for

    client_for(manager).get(reverse("customers:detail", kwargs={"org": org.slug, "pk": maija.pk}))
    access = Access.objects.get(customer_number=maija.pk)
    assert access.action == "viewed" and access.member.user == manager
    page = owner_client.get(reverse("privacy:overview", kwargs={"org": org.slug}))
    assert manager.display_name in page.content.decode()


def test_erasure_removes_the_person_and_keeps_anonymous_answers(maija, org, owner):
    from polku.insights.rollups import computed
    from polku.insights.tests.test_rollups import rows_now
    from polku.insights.tests.test_segments import members_computed, segment_rows
    from polku.text.tests.test_analysis import totals_from_scratch, totals_now

    segment = Segment.objects.get(organization=org)
    assert segment_rows(segment)  # her answers were in the segment's totals
    figures_before = rows_now()
    number = maija.pk
    me = Membership.objects.get(user=owner)

    erasure = erase(maija, Erasure.Reason.REQUEST, by=me)

    assert not Customer.objects.filter(pk=number).exists()
    assert not Consent.objects.exists() and not ExternalId.objects.exists()
    assert Response.objects.filter(organization=org).count() == 2  # kept, anonymous
    assert not Response.objects.filter(customer__isnull=False).exists()
    assert Case.objects.count() == 2 and not Case.objects.filter(customer__isnull=False).exists()
    testimonial = improve.Testimonial.objects.get()
    assert testimonial.withdrawn_at is not None and testimonial.withdrawn_by == me
    assert testimonial.author_name == ""
    assert not OutboxEmail.objects.filter(organization=org).exists()
    assert Event.objects.get().amount == Decimal("49.90")  # the order stays in the figures
    text = everything_text(org)
    for trace in ("maija", "virtanen", "virtasen", "example.fi", "4567", "123 4567"):
        assert trace not in text, trace
    assert ERASED in Answer.objects.exclude(text="").first().text
    # The figures: the same totals, her answers out of her segment, themes as counted again.
    assert rows_now() == figures_before == computed(Response.objects.all())
    assert segment_rows(segment) == members_computed(segment) == {}
    assert totals_now(org) == totals_from_scratch(org)
    # The log says what and when, never who.
    assert erasure.customer_number == number and erasure.counts["responses"] == 2
    record = json.dumps(
        list(Erasure.objects.values()) + list(Access.objects.values()), default=str
    ).lower()
    assert "maija" not in record and "example.fi" not in record
    assert Access.objects.get(action="erased").member == me
    # A second erasure of the same customer does nothing.
    assert erase(maija, Erasure.Reason.REQUEST, by=me) is None


def test_the_erase_page_asks_first_and_a_refusal_changes_nothing(maija, org, owner_client):
    url = reverse("privacy:erase", kwargs={"org": org.slug, "pk": maija.pk})
    page = owner_client.get(url)
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()
    refused = owner_client.post(url, {})
    assert refused.status_code == 400 and Customer.objects.filter(pk=maija.pk).exists()
    done = owner_client.post(url, {"confirm": "on"})
    assert done.status_code == 302 and not Customer.objects.filter(pk=maija.pk).exists()
    assert Erasure.objects.get().by_name == "Olivia Owner"
    assert owner_client.post(url, {"confirm": "on"}).status_code == 404


def test_erasure_stops_mail_still_waiting_to_go(maija, org, survey):
    invitation = Invitation.objects.create(
        organization=org,
        survey=survey,
        customer=maija,
        state="scheduled",
        send_at=timezone.now() + timedelta(hours=1),
    )
    queued = OutboxEmail.objects.create(
        organization=org,
        from_email="k@example.fi",
        to=EMAIL,
        subject="Kysely",
        body_text="x",
        status="queued",
    )
    hook = Subscription.objects.create(organization=org, url="https://x.test/", topics=["x"])
    carried = Delivery.objects.create(
        subscription=hook, topic="response.created", payload={"data": {"customer_id": maija.pk}}
    )
    other = Delivery.objects.create(
        subscription=hook, topic="response.created", payload={"data": {"customer_id": None}}
    )
    erase(maija, Erasure.Reason.REQUEST)
    assert not OutboxEmail.objects.filter(pk=queued.pk).exists()
    assert not Delivery.objects.filter(pk=carried.pk).exists()  # it carried their answer
    assert Delivery.objects.filter(pk=other.pk).exists()
    invitation.refresh_from_db()
    assert invitation.customer is None  # and so it is never sent: no address


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäö .,!?-", max_size=40)


@given(before=words, after=words, which=st.sampled_from(["email", "phone", "first", "last"]))
def test_the_scrubber_leaves_no_trace_of_what_it_knew(before, after, which):
    customer = Customer(name="Kalle Järvinen", email="kalle.j@posti.example", phone="040 765 4321")
    written = {
        "email": "KALLE.J@posti.example",
        "phone": "+358407654321",
        "first": "Kallelle",
        "last": "Järvisen",
    }[which]
    cleaned = Scrubber.of(customer)(f"{before} {written} {after}")
    assert written.lower() not in cleaned.lower()
    assert "7654321" not in cleaned.replace(" ", "")


def test_the_scrubber_keeps_other_words():
    scrub = Scrubber.of(Customer(name="Li Ahonen", email="", phone="12"))
    assert (
        scrub("Li pitää tästä, Ahoselle kiitos, likes it")
        == f"Li pitää tästä, {ERASED} kiitos, likes it"
    )


def test_consents_are_appended_never_rewritten(maija):
    consent = maija.consents.get()
    consent.granted = False
    with pytest.raises(ValueError, match="append"):
        consent.save()
    with pytest.raises(ValueError, match="append"):
        consent.delete()
    Consent.objects.create(customer=maija, purpose="surveys", granted=False, source="phone")
    assert maija.consents_now() == {"surveys": False}
    assert maija.consents.count() == 2


def test_the_command_line_exports_and_erases(maija, org, tmp_path):
    target = tmp_path / "maija.json"
    call_command(
        "privacy", "export", "--org", org.slug, "--customer", EMAIL, "--output", str(target)
    )
    assert json.loads(target.read_text())["customer"]["name"] == NAME
    out = io.StringIO()
    call_command(
        "privacy", "export", "--org", org.slug, "--customer", str(maija.pk), "--html", stdout=out
    )
    assert "Virtasen Maijalle" in out.getvalue()
    assert Access.objects.filter(member_name="command line").count() == 2

    with pytest.raises(CommandError, match="--yes"):
        call_command("privacy", "erase", "--org", org.slug, "--customer", str(maija.pk))
    assert Customer.objects.filter(pk=maija.pk).exists()
    with pytest.raises(CommandError, match="No customer"):
        call_command("privacy", "erase", "--org", org.slug, "--customer", "nobody@x.test", "--yes")
    with pytest.raises(CommandError, match="No organization"):
        call_command("privacy", "export", "--org", "nope", "--customer", "1")
    out = io.StringIO()
    call_command("privacy", "erase", "--org", org.slug, "--customer", EMAIL, "--yes", stdout=out)
    assert f"Customer {maija.pk} erased" in out.getvalue()
    assert Erasure.objects.get().by_name == "command line"
