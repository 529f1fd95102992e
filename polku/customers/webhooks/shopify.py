"""Shopify: orders/create → order placed; orders/fulfilled and fulfillments/create → delivered.

Signed with base64 HMAC-SHA256 of the raw body in X-Shopify-Hmac-Sha256; the topic is in
X-Shopify-Topic. Shopify's ids exceed 2^53: they are read as exact integers and kept as text.
"""

from __future__ import annotations

from ..actions import CustomerData, EventData
from .common import amount, text, when

SIGNATURE_HEADER = "HTTP_X_SHOPIFY_HMAC_SHA256"
TOPIC_HEADER = "HTTP_X_SHOPIFY_TOPIC"
SOURCE = "shopify"


def _customer(order: dict) -> CustomerData | None:
    person = order.get("customer") or {}
    email = text(order.get("email") or person.get("email"), 254)
    name = " ".join(filter(None, [person.get("first_name"), person.get("last_name")]))
    if not (email or person.get("id")):
        return None
    return CustomerData(
        source=SOURCE,
        external_id=text(person.get("id") or "", 100),
        email=email,
        name=text(name),
        phone=text(person.get("phone"), 40),
    )


def _delivery(order: dict) -> str:
    titles = " ".join(
        text(line.get("title") or line.get("code")).lower()
        for line in order.get("shipping_lines") or []
    )
    if "pickup" in titles or "nouto" in titles:
        return "store_pickup" if "store" in titles or "myymälä" in titles else "pickup_point"
    return "home" if titles else ""


def events_from(topic: str, payload: dict) -> list[EventData]:
    if topic == "orders/create":
        order = payload
        return [
            EventData(
                kind="order_placed",
                occurred_at=when(order.get("created_at")),
                source=SOURCE,
                external_id=f"order-{order['id']}",
                customer=_customer(order),
                amount=amount(order.get("total_price")),
                currency=text(order.get("currency") or "EUR", 3),
                order_reference=text(order.get("name") or order.get("order_number"), 100),
                delivery_method=_delivery(order),
                payload=payload,
            )
        ]
    if topic == "orders/fulfilled":
        order = payload
        return [
            EventData(
                kind="order_delivered",
                occurred_at=when(order.get("updated_at")),
                source=SOURCE,
                external_id=f"fulfilled-{order['id']}",
                customer=_customer(order),
                order_reference=text(order.get("name") or order.get("order_number"), 100),
                delivery_method=_delivery(order),
                payload=payload,
            )
        ]
    if topic == "fulfillments/create":
        # The same delivery as orders/fulfilled: both name the order, so it counts once.
        return [
            EventData(
                kind="order_delivered",
                occurred_at=when(payload.get("created_at")),
                source=SOURCE,
                external_id=f"fulfilled-{payload['order_id']}",
                order_reference=text(payload.get("name"), 100),
                payload=payload,
            )
        ]
    return []
