"""Webshop webhooks: signatures verified on the raw body, redeliveries stored once.

The payloads follow the shapes in Shopify's and WooCommerce's public documentation
(abridged, written here by hand; Shopify's ids are beyond 2^53 on purpose).
"""

import base64
import hashlib
import hmac
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from polku.customers.models import Customer, Event, WebhookEndpoint
from polku.customers.webhooks.setup import add_endpoint

SHOPIFY_ORDER = {
    "id": 820982911946154508,
    "email": "jon@example.com",
    "created_at": "2026-11-20T19:00:00+02:00",
    "updated_at": "2026-11-22T10:00:00+02:00",
    "name": "#9999",
    "order_number": 1234,
    "total_price": "199.65",
    "currency": "EUR",
    "customer": {
        "id": 115310627314723954,
        "email": "jon@example.com",
        "first_name": "Jon",
        "last_name": "Snow",
        "phone": None,
    },
    "shipping_lines": [{"title": "Postin pakettiautomaatti (pickup point)", "code": "pickup"}],
    "line_items": [{"id": 866550311766439020, "title": "Kasvovoide", "quantity": 1}],
}
SHOPIFY_FULFILLMENT = {
    "id": 123456,
    "order_id": 820982911946154508,
    "status": "success",
    "created_at": "2026-11-22T09:00:00+02:00",
    "tracking_company": "Posti",
    "name": "#9999.1",
}
WOO_ORDER = {
    "id": 4750,
    "number": "4750",
    "status": "processing",
    "currency": "EUR",
    "date_created": "2026-11-20T16:54:40",
    "date_created_gmt": "2026-11-20T14:54:40",
    "date_modified_gmt": "2026-11-21T08:00:00",
    "date_completed_gmt": None,
    "total": "54.90",
    "customer_id": 12,
    "billing": {
        "first_name": "Maija",
        "last_name": "Meikäläinen",
        "company": "",
        "email": "maija@example.fi",
        "phone": "0401234567",
    },
    "shipping_lines": [{"id": 7, "method_title": "Nouto myymälästä", "method_id": "local_pickup"}],
}


def sign(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@pytest.fixture
def shopify(org):
    return add_endpoint(org, "shopify", "shpss_example_signing_key")


@pytest.fixture
def woo(org):
    return add_endpoint(org, "woocommerce")


def send_shopify(client, endpoint, topic, payload, secret=None, delivery="d-1"):
    body = json.dumps(payload).encode()
    return client.post(
        reverse("webhook", args=["shopify", endpoint.token]),
        body,
        content_type="application/json",
        HTTP_X_SHOPIFY_TOPIC=topic,
        HTTP_X_SHOPIFY_HMAC_SHA256=sign(secret or endpoint.secret, body),
        HTTP_X_SHOPIFY_WEBHOOK_ID=delivery,
    )


def send_woo(client, endpoint, topic, payload, secret=None):
    body = json.dumps(payload).encode()
    return client.post(
        reverse("webhook", args=["woocommerce", endpoint.token]),
        body,
        content_type="application/json",
        HTTP_X_WC_WEBHOOK_TOPIC=topic,
        HTTP_X_WC_WEBHOOK_SIGNATURE=sign(secret or endpoint.secret, body),
        HTTP_X_WC_WEBHOOK_DELIVERY_ID="36e520ebabc2fa725092ff4a47acedf2",
    )


def test_shopify_order_becomes_an_event_with_exact_ids(client, shopify, org):
    response = send_shopify(client, shopify, "orders/create", SHOPIFY_ORDER)
    assert response.status_code == 200 and response.json()["created"] == 1
    event = Event.objects.get()
    assert event.external_id == "order-820982911946154508"
    assert event.kind == "order_placed" and event.organization == org
    assert str(event.amount) == "199.65" and event.order_reference == "#9999"
    assert event.delivery_method == "pickup_point"
    assert event.payload["id"] == 820982911946154508  # the raw payload, kept exactly
    customer = Customer.objects.get()
    assert customer.external_ids.get().value == "115310627314723954"
    assert (customer.name, customer.email) == ("Jon Snow", "jon@example.com")


def test_shopify_redelivery_and_both_fulfilment_topics_count_once(client, shopify):
    send_shopify(client, shopify, "orders/create", SHOPIFY_ORDER)
    again = send_shopify(client, shopify, "orders/create", SHOPIFY_ORDER, delivery="d-2")
    assert again.json() == {"created": 0, "duplicates": 1}
    send_shopify(client, shopify, "fulfillments/create", SHOPIFY_FULFILLMENT)
    send_shopify(client, shopify, "orders/fulfilled", SHOPIFY_ORDER)
    assert list(Event.objects.order_by("occurred_at").values_list("kind", flat=True)) == [
        "order_placed",
        "order_delivered",
    ]


@pytest.mark.parametrize("secret", ["wrong-secret", ""])
def test_bad_or_missing_signature_gets_401_and_stores_nothing(client, shopify, woo, secret):
    body = json.dumps(SHOPIFY_ORDER).encode()
    headers = {"HTTP_X_SHOPIFY_TOPIC": "orders/create"}
    if secret:
        headers["HTTP_X_SHOPIFY_HMAC_SHA256"] = sign(secret, body)
    response = client.post(
        reverse("webhook", args=["shopify", shopify.token]),
        body,
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 401
    assert send_woo(client, woo, "order.created", WOO_ORDER, secret="wrong").status_code == 401
    assert not Event.objects.exists() and not Customer.objects.exists()


def test_signature_is_checked_on_the_raw_body(client, shopify):
    """The same JSON re-serialised differently does not pass: the bytes are what is signed."""
    body = json.dumps(SHOPIFY_ORDER).encode()
    signature = sign(shopify.secret, body)
    tampered = json.dumps(SHOPIFY_ORDER, indent=1).encode()
    response = client.post(
        reverse("webhook", args=["shopify", shopify.token]),
        tampered,
        content_type="application/json",
        HTTP_X_SHOPIFY_TOPIC="orders/create",
        HTTP_X_SHOPIFY_HMAC_SHA256=signature,
    )
    assert response.status_code == 401


def test_woocommerce_order_then_completion(client, woo, org):
    assert send_woo(client, woo, "order.created", WOO_ORDER).json()["created"] == 1
    # Updates that are not the move to "completed" record nothing.
    assert send_woo(client, woo, "order.updated", WOO_ORDER).json()["status"] == "ignored"
    completed = {**WOO_ORDER, "status": "completed", "date_completed_gmt": "2026-11-22T10:00:00"}
    assert send_woo(client, woo, "order.updated", completed).json()["created"] == 1
    assert send_woo(client, woo, "order.updated", completed).json()["duplicates"] == 1
    placed, delivered = Event.objects.order_by("occurred_at")
    assert (placed.kind, delivered.kind) == ("order_placed", "order_delivered")
    assert placed.delivery_method == "store_pickup" and placed.order_reference == "#4750"
    assert Customer.objects.get().email == "maija@example.fi"


def test_woocommerce_ping_is_answered_and_stores_nothing(client, woo):
    response = client.post(
        reverse("webhook", args=["woocommerce", woo.token]),
        "webhook_id=3",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_unknown_endpoint_broken_json_and_missing_fields(client, shopify):
    assert (
        client.post(
            reverse("webhook", args=["shopify", "nope"]), "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("webhook", args=["magento", shopify.token]),
            "{}",
            content_type="application/json",
        ).status_code
        == 404
    )
    body = b"{not json"
    response = client.post(
        reverse("webhook", args=["shopify", shopify.token]),
        body,
        content_type="application/json",
        HTTP_X_SHOPIFY_TOPIC="orders/create",
        HTTP_X_SHOPIFY_HMAC_SHA256=sign(shopify.secret, body),
    )
    assert response.status_code == 400
    assert send_shopify(client, shopify, "orders/create", {"email": "x@y.fi"}).status_code == 400
    assert client.get(reverse("webhook", args=["shopify", shopify.token])).status_code == 405
    assert not Event.objects.exists()


def test_endpoints_belong_to_their_organization(client, shopify, other_org):
    other = add_endpoint(other_org, "shopify")
    send_shopify(client, other, "orders/create", SHOPIFY_ORDER)
    assert Event.objects.get().organization == other_org
    # The first organization's secret does not open the other's endpoint.
    response = send_shopify(client, other, "orders/create", SHOPIFY_ORDER, secret=shopify.secret)
    assert response.status_code == 401


def test_command_prints_url_and_secret_as_json(capsys, client, org):
    call_command("integration", "add", "woocommerce", "--org", org.slug, "--json")
    printed = json.loads(capsys.readouterr().out)
    endpoint = WebhookEndpoint.objects.get()
    assert printed["secret"] == endpoint.secret
    assert printed["url"].endswith(f"/hooks/woocommerce/{endpoint.token}/")
    path = printed["url"].removeprefix("http://testserver")
    body = json.dumps(WOO_ORDER).encode()
    response = client.post(
        path,
        body,
        content_type="application/json",
        HTTP_X_WC_WEBHOOK_TOPIC="order.created",
        HTTP_X_WC_WEBHOOK_SIGNATURE=sign(printed["secret"], body),
    )
    assert response.status_code == 200


def test_owner_connects_a_shop_in_the_ui(owner_client, manager_client, org):
    url = reverse("customers:connections", args=[org.slug])
    assert manager_client.get(url).status_code == 403
    owner_client.post(url, {"platform": "shopify", "secret": "shpss_abc"})
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret == "shpss_abc"
    assert endpoint.token in owner_client.get(url).content.decode()
    delete = reverse("customers:connection_delete", args=[org.slug, endpoint.pk])
    assert owner_client.get(delete).status_code == 200
    owner_client.post(delete)
    assert not WebhookEndpoint.objects.exists()
