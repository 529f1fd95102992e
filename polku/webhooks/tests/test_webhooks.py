"""Outgoing webhooks against a real HTTP receiver: each message once, signed, retried until
the receiver answers, given up after six tries; nothing to other organizations, nothing
to private addresses unless allowed."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.cases.models import Case
from polku.cases.overdue import notify_overdue
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Kind, Parsed
from polku.webhooks.models import Delivery, Subscription
from polku.webhooks.sending import send_due_webhooks


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """The receiver's check, as docs/api.md shows it."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    fresh = abs(time.time() - timestamp) <= tolerance
    return fresh and hmac.compare_digest(expected.hexdigest(), parts["v1"])


class Receiver:
    def __init__(self):
        self.received: list[tuple[dict, bytes]] = []
        self.answer = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.answer)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver(settings):
    settings.POLKU_WEBHOOKS_TO_PRIVATE_ADDRESSES = True  # the receiver is on this machine
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


def answer(survey, nps: int, text: str = "") -> None:
    keys = {q["kind"]: q["key"] for q in survey.current_version.questions}
    answers = {keys[Kind.NPS]: Parsed(number=nps)}
    if text:
        answers[keys[Kind.SHORT_TEXT]] = Parsed(text=text)
    submit_response(survey.current_version, answers, uuid.uuid4().hex, Origin())


def test_an_answer_and_its_case_are_posted_once_and_signed(org, survey, receiver):
    subscription = Subscription.objects.create(
        organization=org, url=receiver.url, topics=["response.created", "case.created"]
    )
    answer(survey, 3, "Jono oli pitkä")
    assert Delivery.objects.count() == 2  # queued with the answer, sent by the worker
    assert send_due_webhooks() == 2
    assert send_due_webhooks() == 0  # once
    topics = {headers["Polku-Event"]: json.loads(body) for headers, body in receiver.received}
    assert set(topics) == {"response.created", "case.created"}
    assert topics["response.created"]["data"]["nps"] == 3
    nps_key, text_key = (
        next(q["key"] for q in survey.current_version.questions if q["kind"] == kind)
        for kind in (Kind.NPS, Kind.SHORT_TEXT)
    )
    assert sorted(topics["response.created"]["data"]["answers"], key=lambda a: a["kind"]) == [
        {
            "question": nps_key,
            "kind": "nps",
            "number": 3,
            "number2": None,
            "text": "",
            "choices": None,
        },
        {
            "question": text_key,
            "kind": "short_text",
            "number": None,
            "number2": None,
            "text": "Jono oli pitkä",
            "choices": None,
        },
    ]
    assert topics["case.created"]["data"]["summary"] == "Jono oli pitkä"
    for headers, body in receiver.received:
        assert verify(subscription.secret, headers["Polku-Signature"], body)
        assert not verify("whsec_wrong", headers["Polku-Signature"], body)
        assert not verify(subscription.secret, headers["Polku-Signature"], body + b" ")


def test_a_failing_receiver_is_tried_again_with_growing_pauses_then_given_up(org, survey, receiver):
    Subscription.objects.create(organization=org, url=receiver.url, topics=["response.created"])
    receiver.answer = 500
    answer(survey, 9)
    now = timezone.now()
    pauses = []
    for _ in range(6):
        send_due_webhooks(now)
        delivery = Delivery.objects.get()
        if delivery.status == "queued":
            pauses.append(round((delivery.next_attempt_at - now).total_seconds() / 60))
            now = delivery.next_attempt_at
    assert pauses == [1, 2, 4, 8, 16]
    assert delivery.status == "failed" and delivery.attempts == 6
    assert delivery.last_status_code == 500 and len(receiver.received) == 6


def test_a_receiver_back_up_gets_the_message(org, survey, receiver):
    Subscription.objects.create(organization=org, url=receiver.url, topics=["response.created"])
    receiver.answer = 503
    answer(survey, 9)
    send_due_webhooks()
    receiver.answer = 204
    send_due_webhooks(timezone.now() + timedelta(minutes=1, seconds=1))
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 2


def test_overdue_cases_are_posted(org, survey, receiver):
    Subscription.objects.create(organization=org, url=receiver.url, topics=["case.overdue"])
    answer(survey, 2, "Ei vastattu")
    Case.objects.update(due_at=timezone.now() - timedelta(hours=1))
    notify_overdue()
    notify_overdue()  # told once
    send_due_webhooks()
    [(headers, body)] = receiver.received
    assert headers["Polku-Event"] == "case.overdue"
    assert json.loads(body)["data"]["url"].endswith(f"/inbox/{Case.objects.get().pk}/")


def test_other_organizations_and_private_addresses_get_nothing(
    org, other_org, survey, receiver, settings
):
    Subscription.objects.create(
        organization=other_org, url=receiver.url, topics=["response.created"]
    )
    answer(survey, 9)
    assert not Delivery.objects.exists()
    Subscription.objects.create(organization=org, url=receiver.url, topics=["response.created"])
    settings.POLKU_WEBHOOKS_TO_PRIVATE_ADDRESSES = False
    answer(survey, 9)
    send_due_webhooks()
    delivery = Delivery.objects.get()
    assert receiver.received == [] and "private network" in delivery.last_error


def test_owners_add_and_remove_subscriptions(org, owner_client, manager_client, receiver):
    url = reverse("webhooks:list", args=[org.slug])
    assert manager_client.get(url).status_code == 403
    refused = owner_client.post(url, {"url": "ftp://example.fi/", "topics": ["case.created"]})
    assert refused.status_code == 400 and not Subscription.objects.exists()
    refused = owner_client.post(url, {"url": "https://example.fi/hook"})
    assert refused.status_code == 400 and "Choose at least one" in refused.content.decode()
    added = owner_client.post(url, {"url": "https://example.fi/hook", "topics": ["case.created"]})
    subscription = Subscription.objects.get()
    assert added.status_code == 302 and subscription.topics == ["case.created"]
    page = owner_client.get(url).content.decode()
    assert subscription.secret in page
    delete = reverse("webhooks:delete", args=[org.slug, subscription.pk])
    assert owner_client.get(delete).status_code == 200 and Subscription.objects.exists()
    assert owner_client.post(delete).status_code == 302 and not Subscription.objects.exists()
