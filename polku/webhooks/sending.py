"""Queueing and sending webhook messages.

A message is queued in the transaction of what it tells (the response stored, the case
opened, the case marked overdue), so it exists exactly when the thing does. The worker
posts it, signed, and tries again after 1, 2, 4, 8 and 16 minutes until the receiver
answers 2xx; after 6 tries it gives up and the failure shows on the webhooks page.

Signature: the header `Polku-Signature: t=<unix time>,v1=<hex>` where the hex is
HMAC-SHA256 with the subscription's secret over `<unix time>.<body>`. A receiver checks it
and the time (docs/api.md), so a message cannot be forged or replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from polku.lib.fast_sql import fetch_all
from polku.lib.sqlite_writes import one_writer

from .models import Delivery, Subscription

log = logging.getLogger(__name__)
FIRST_RETRY_AFTER = timedelta(minutes=1)
MAX_ATTEMPTS = 6
# How long a worker holds a message it is sending before another may try it.
LEASE = timedelta(minutes=2)
TIMEOUT_SECONDS = 10
BATCH = 20


def subscribed(organization_id: int, topic: str) -> list[int]:
    """The organization's subscriptions to `topic`.

    A plain query: it runs twice in every stored survey answer (response and case), where
    the ORM's query building cost more than the database's answer.
    """
    topics = Subscription._meta.get_field("topics")
    rows = fetch_all(
        f"SELECT id, topics FROM {Subscription._meta.db_table}"  # noqa: S608 - model's name
        " WHERE organization_id = %s ORDER BY created_at, id",
        [organization_id],
    )
    return [pk for pk, value in rows if topic in topics.from_db_value(value, None, connection)]


def emit(organization_id: int, topic: str, payload: Callable[[], dict]) -> int:
    """Queue the message `payload()` makes for every subscription of the organization to
    `topic` (call inside the transaction of what it tells); how many were queued. The
    payload is made only when somebody subscribes."""
    subscriptions = subscribed(organization_id, topic)
    if not subscriptions:
        return 0
    body = {"topic": topic, "sent_for": organization_id, "data": payload()}
    body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))  # times and decimals as text
    Delivery.objects.bulk_create(
        Delivery(subscription_id=pk, topic=topic, payload=body) for pk in subscriptions
    )
    return len(subscriptions)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def _private_address(url: str) -> bool:
    """Whether the URL's host is this machine or a private network (unless allowed)."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False  # unresolvable: the request fails and is retried like any other
    return any(
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
        for ip in map(ipaddress.ip_address, addresses)
    )


def claim_due(now: datetime, batch: int = BATCH) -> list[Delivery]:
    """Take up to `batch` due messages for this worker: their next try moves on by the
    lease, so no other worker takes them while they are being sent."""
    with one_writer(), transaction.atomic():
        due = Delivery.objects.filter(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
        if connection.vendor != "sqlite":
            due = due.select_for_update(skip_locked=True)
        claimed = list(due.select_related("subscription").order_by("next_attempt_at", "pk")[:batch])
        Delivery.objects.filter(pk__in=[d.pk for d in claimed]).update(next_attempt_at=now + LEASE)
    return claimed


def post(delivery: Delivery) -> tuple[int | None, str]:
    """Send one message: (status code, error), the code None when nothing answered."""
    url = delivery.subscription.url
    if not settings.POLKU_WEBHOOKS_TO_PRIVATE_ADDRESSES and _private_address(url):
        return None, "the address is on this machine or a private network"
    body = json.dumps(delivery.payload, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked by the form
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Polku-Webhooks/1",
            "Polku-Event": delivery.topic,
            "Polku-Delivery": str(delivery.pk),
            "Polku-Signature": signature(delivery.subscription.secret, int(time.time()), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            return answer.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:500]


def send_due_webhooks(now: datetime | None = None) -> int:
    """The worker's step: post every due message; how many were delivered."""
    delivered = 0
    while claimed := claim_due(moment := now or timezone.now()):
        for delivery in claimed:
            code, error = post(delivery)
            attempts = delivery.attempts + 1
            fields = {"attempts": attempts, "last_status_code": code, "last_error": error}
            if code is not None and 200 <= code < 300:
                fields.update(status=Delivery.Status.SENT, sent_at=moment)
                delivered += 1
            elif attempts >= MAX_ATTEMPTS:
                log.error("Webhook %s failed %s times; giving up: %s", delivery.pk, attempts, error)
                fields.update(status=Delivery.Status.FAILED)
            else:
                fields["next_attempt_at"] = moment + FIRST_RETRY_AFTER * 2 ** (attempts - 1)
            with one_writer():
                Delivery.objects.filter(pk=delivery.pk).update(**fields)
        if now is not None:
            break  # a fixed `now` (tests): one pass
    return delivered
