"""A late order is told to its customer once, before they ask; Polku counts who was first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from polku.automation.engine import apply_rules, late_order_counts, notice_overdue_orders
from polku.automation.models import DeliveryNotice
from polku.customers.actions import CustomerData, EventData, record_events
from polku.customers.models import Event
from polku.outbox.models import OutboxEmail

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def event(org, kind, ref, *, at=None, promised=None, email="maija@example.fi", n=0):
    return record_events(
        org,
        [
            EventData(
                kind=kind,
                occurred_at=at or NOW,
                source="api",
                external_id=f"{kind}-{ref}-{n}",
                customer=CustomerData(source="api", email=email, name="Maija Virtanen"),
                order_reference=ref,
                promised_at=promised,
            )
        ],
    ).created[0]


def test_a_delay_event_sends_one_notice_per_order(org):
    event(org, Event.Kind.ORDER_DELAYED, "A-1")
    event(org, Event.Kind.ORDER_DELAYED, "A-1", n=1)  # the carrier reports it twice
    apply_rules()
    notice = DeliveryNotice.objects.get()
    assert notice.reason == DeliveryNotice.Reason.DELAYED
    email = notice.email
    assert email.status == OutboxEmail.Status.QUEUED
    assert "A-1" in email.subject and email.body_text.startswith("Hi Maija,")
    assert "List-Unsubscribe" not in email.headers  # a service message, not a survey
    assert OutboxEmail.objects.count() == 1


def test_a_passed_promise_without_delivery_sends_a_notice(org):
    event(org, Event.Kind.ORDER_PLACED, "B-1", promised=NOW + timedelta(days=2))
    event(org, Event.Kind.ORDER_PLACED, "B-2", promised=NOW + timedelta(days=2))
    event(org, Event.Kind.ORDER_DELIVERED, "B-2", at=NOW + timedelta(days=1))
    assert notice_overdue_orders(NOW + timedelta(days=1)) == 0  # promise not yet passed
    assert notice_overdue_orders(NOW + timedelta(days=3)) == 1
    assert DeliveryNotice.objects.get().order_reference == "B-1"
    # Once per order, however often the worker looks, and after a delay event too.
    assert notice_overdue_orders(NOW + timedelta(days=4)) == 0
    event(org, Event.Kind.ORDER_DELAYED, "B-1")
    apply_rules()
    assert DeliveryNotice.objects.count() == 1


def test_a_customer_without_email_is_recorded_not_mailed(org):
    event(org, Event.Kind.ORDER_DELAYED, "C-1", email="")
    record_events(
        org,
        [
            EventData(
                kind=Event.Kind.ORDER_DELAYED, occurred_at=NOW, source="api", order_reference="C-2"
            )
        ],
    )
    apply_rules()
    notice = DeliveryNotice.objects.get()  # an order with no customer cannot be told
    assert notice.order_reference == "C-1"
    assert notice.email is None and notice.skip_reason == "no_email"


def test_told_first_and_asked_first_are_counted(org):
    event(org, Event.Kind.ORDER_DELAYED, "D-1")
    # D-2: the customer called before the delay was known to us.
    event(org, Event.Kind.SUPPORT_CONTACT, "D-2", at=NOW - timedelta(hours=2))
    event(org, Event.Kind.ORDER_DELAYED, "D-2", n=1)
    apply_rules()
    # A support contact after our notice does not make the customer first.
    event(org, Event.Kind.SUPPORT_CONTACT, "D-1", at=timezone.now() + timedelta(hours=1))
    counts = late_order_counts(org, NOW - timedelta(days=1), NOW + timedelta(days=1))
    assert (counts.told_first, counts.asked_first) == (1, 1)
    assert late_order_counts(org, NOW - timedelta(days=9), NOW - timedelta(days=1)).told_first == 0
