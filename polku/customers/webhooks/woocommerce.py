"""WooCommerce: order.created → order placed; order.updated to "completed" → delivered.

Signed with base64 HMAC-SHA256 of the raw body in X-WC-Webhook-Signature; the topic is in
X-WC-Webhook-Topic. When a webhook is created, WooCommerce sends an unsigned, form-encoded
ping (`webhook_id=<id>`): it is answered 200 and stores nothing.
"""

from __future__ import annotations

from ..actions import CustomerData, EventData
from .common import amount, text, when

SIGNATURE_HEADER = "HTTP_X_WC_WEBHOOK_SIGNATURE"
TOPIC_HEADER = "HTTP_X_WC_WEBHOOK_TOPIC"
SOURCE = "woocommerce"


def is_ping(content_type: str, raw_body: bytes) -> bool:
    return content_type.startswith("application/x-www-form-urlencoded") and raw_body.startswith(
        b"webhook_id="
    )


def _customer(order: dict) -> CustomerData | None:
    billing = order.get("billing") or {}
    email = text(billing.get("email"), 254)
    customer_id = order.get("customer_id") or ""  # 0 for a guest checkout
    if not (email or customer_id):
        return None
    name = " ".join(filter(None, [billing.get("first_name"), billing.get("last_name")]))
    return CustomerData(
        source=SOURCE,
        external_id=text(customer_id or "", 100),
        email=email,
        name=text(name),
        phone=text(billing.get("phone"), 40),
        kind="company" if billing.get("company") else "",
        contact_person=text(name) if billing.get("company") else "",
    )


def _delivery(order: dict) -> str:
    methods = " ".join(text(line.get("method_id")) for line in order.get("shipping_lines") or [])
    if "local_pickup" in methods:
        return "store_pickup"
    if "pickup" in methods or "parcel" in methods:
        return "pickup_point"
    return "home" if methods else ""


def events_from(topic: str, payload: dict) -> list[EventData]:
    order = payload
    reference = text(order.get("number") or order.get("id"), 100)
    if topic == "order.created":
        return [
            EventData(
                kind="order_placed",
                occurred_at=when(order.get("date_created_gmt") or order.get("date_created")),
                source=SOURCE,
                external_id=f"order-{order['id']}",
                customer=_customer(order),
                amount=amount(order.get("total")),
                currency=text(order.get("currency") or "EUR", 3),
                order_reference=f"#{reference}",
                delivery_method=_delivery(order),
                payload=payload,
            )
        ]
    if topic == "order.updated" and order.get("status") == "completed":
        return [
            EventData(
                kind="order_delivered",
                occurred_at=when(order.get("date_completed_gmt") or order.get("date_modified_gmt")),
                source=SOURCE,
                external_id=f"completed-{order['id']}",
                customer=_customer(order),
                order_reference=f"#{reference}",
                delivery_method=_delivery(order),
                payload=payload,
            )
        ]
    return []
