"""Replies in the writer's name, the customer's answer threading back, and telling the
customer how a complaint was fixed."""

from __future__ import annotations

import io
import sys
from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Membership
from polku.cases.actions import resolve
from polku.cases.models import Case, CaseEntry
from polku.cases.replies import case_token, receive_email, send_reply
from polku.conftest import client_for
from polku.customers.models import Customer
from polku.outbox.models import OutboxEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbound(settings):
    settings.POLKU_INBOUND_EMAIL = "replies@polku.example.com"
    settings.POLKU_INBOUND_SECRET = "s3cret-inbound"


@pytest.fixture
def case(org):
    customer = Customer.objects.create(
        organization=org, name="Maija Virtanen", email="maija@example.fi", language="fi"
    )
    return Case.objects.create(
        organization=org,
        customer=customer,
        summary="Jonotin kassalla puoli tuntia.",
        kind=Case.Kind.FEEDBACK,
        priority=Case.Priority.HIGH,
        due_at=timezone.now() + timedelta(hours=4),
    )


def customer_answer(to: str, text: str, **headers) -> bytes:
    message = EmailMessage()
    message["From"] = "Maija Virtanen <maija@example.fi>"
    message["To"] = to
    message["Subject"] = "Re: Kiitos palautteestasi"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(
        f"{text}\n\nma 23.11.2026 klo 10.00 Olivia kirjoitti:\n> Kiitos palautteestasi."
    )
    return message.as_bytes()


def test_the_reply_form_starts_in_the_customers_language_signed_by_the_writer(org, owner, case):
    page = client_for(owner).get(reverse("cases:detail", args=[org.slug, case.pk]))
    text = page.content.decode()
    assert "Hei Maija," in text and "Olivia Owner" in text


def test_a_reply_is_queued_in_the_writers_name_with_the_cases_reply_address(
    org, owner, case, inbound
):
    client = client_for(owner)
    url = reverse("cases:detail", args=[org.slug, case.pk])
    client.post(
        url,
        {
            "reply-subject": "Kiitos palautteestasi",
            "reply-text": "Hei Maija,\n\nLisäämme kassan ruuhka-aikoihin.\n\nOlivia",
            "reply": "1",
        },
    )
    email = OutboxEmail.objects.get()
    assert email.to == "maija@example.fi" and email.status == OutboxEmail.Status.QUEUED
    assert "Olivia Owner, Shop A" in email.from_email
    assert email.reply_to == f"replies+{case_token(case)}@polku.example.com"
    entry = case.entries.get(kind=CaseEntry.Kind.REPLY)
    assert entry.email == email and "Lisäämme kassan" in entry.text
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS


def test_without_an_inbound_address_replies_go_to_the_writer(org, owner, case):
    email = send_reply(case, Membership.objects.get(user=owner), "S", "T").email
    assert email.reply_to == "owner@a.test"


def test_the_customers_answer_threads_into_the_case_by_address(org, owner, case, inbound):
    case.status = Case.Status.WAITING
    case.save()
    raw = customer_answer(f"replies+{case_token(case)}@polku.example.com", "Kiitos, hyvä kuulla!")
    assert receive_email(raw) == case
    entry = case.entries.get(kind=CaseEntry.Kind.CUSTOMER_REPLY)
    assert "Kiitos, hyvä kuulla!" in entry.text and "kirjoitti" not in entry.text
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS


def test_an_answer_without_the_address_threads_by_its_references(org, owner, case, inbound):
    reply = send_reply(case, Membership.objects.get(user=owner), "S", "T").email
    raw = customer_answer("someone@shop.example", "Selvä.", In_Reply_To=reply.message_id)
    assert receive_email(raw) == case


@pytest.mark.parametrize(
    "address",
    [
        "replies+{pk}-00000000000000000000@polku.example.com",  # forged signature
        "replies+999999-{signature}@polku.example.com",  # another case's number
        "replies@polku.example.com",
    ],
)
def test_a_forged_or_missing_token_goes_nowhere(org, case, inbound, address):
    signature = case_token(case).split("-")[1]
    raw = customer_answer(address.format(pk=case.pk, signature=signature), "Hei")
    assert receive_email(raw) is None
    assert not CaseEntry.objects.exists()


def test_the_inbound_webhook_needs_its_secret(client, org, case, inbound):
    raw = customer_answer(f"replies+{case_token(case)}@polku.example.com", "Kiitos!")
    wrong = client.post("/hooks/inbound-email/guess/", raw, content_type="message/rfc822")
    assert wrong.status_code == 404
    assert not CaseEntry.objects.exists()
    right = client.post("/hooks/inbound-email/s3cret-inbound/", raw, content_type="message/rfc822")
    assert right.status_code == 200 and right.json() == {"case": case.pk}
    nowhere = client.post(
        "/hooks/inbound-email/s3cret-inbound/",
        customer_answer("x@y.example", "?"),
        content_type="message/rfc822",
    )
    assert nowhere.status_code == 422


def test_the_inbound_command_reads_standard_input(org, case, inbound):
    raw = customer_answer(f"replies+{case_token(case)}@polku.example.com", "Kiitos!")
    from django.core.management import call_command

    stdin = sys.stdin
    try:
        sys.stdin = io.TextIOWrapper(io.BytesIO(raw))
        call_command("inbound_email")
    finally:
        sys.stdin = stdin
    assert case.entries.filter(kind=CaseEntry.Kind.CUSTOMER_REPLY).exists()


def test_resolving_a_detractor_needs_telling_or_a_reason(org, owner, case):
    me = Membership.objects.get(user=owner)
    with pytest.raises(ValidationError):
        resolve(case, me, "Lisäsimme kassan.")
    case.refresh_from_db()
    assert case.status == Case.Status.NEW
    resolve(
        case,
        me,
        "Lisäsimme kassan.",
        tell_subject="Mitä teimme",
        tell_text="Hei Maija, ruuhka-aikoina on nyt kaksi kassaa.",
    )
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED
    told = case.entries.get(kind=CaseEntry.Kind.TOLD)
    assert told.email.to == "maija@example.fi" and told.email.subject == "Mitä teimme"


def test_an_anonymous_complaint_records_why_it_was_not_told(org, owner):
    me = Membership.objects.get(user=owner)
    case = Case.objects.create(
        organization=org, summary="Huono", kind=Case.Kind.COMPLAINT, due_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        resolve(case, me, "Korjattu.", tell_text="Hei!")  # nobody to send it to
    resolve(case, me, "Korjattu.", not_told_because="Palaute oli nimetön.")
    assert case.entries.get(kind=CaseEntry.Kind.NOT_TOLD).text == "Palaute oli nimetön."
    assert not OutboxEmail.objects.exists()
