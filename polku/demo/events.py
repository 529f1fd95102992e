"""Demo customers and what happened to them: orders, deliveries, a delay, a complaint."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from polku.accounts.models import Organization
from polku.customers.actions import ConsentData, CustomerData, EventData, record_events
from polku.customers.models import WebhookEndpoint
from polku.journeys.models import Touchpoint

CUSTOMERS = [
    ("Laura Mäkinen", "laura.makinen@example.fi", "fi"),
    ("Pirjo Lehtonen", "pirjo.lehtonen@example.fi", "fi"),
    ("Eetu Salo", "eetu.salo@example.fi", "fi"),
    ("Anna Berg", "anna.berg@example.com", "en"),
    ("Mervi Koskinen", "mervi.koskinen@example.fi", "fi"),
    ("Juha Heikkinen", "juha.heikkinen@example.fi", "fi"),
    ("Sari Virtanen", "sari.virtanen@example.fi", "fi"),
    ("Tiina Rantanen", "tiina.rantanen@example.fi", "fi"),
]
SURVEY_CONSENT = "Saamme lähettää sinulle lyhyen palautekyselyn tilauksen jälkeen."


def load_demo_events(organization: Organization) -> None:
    rng = random.Random("polku-demo-events")  # noqa: S311 - made-up data
    touchpoints = {t.name: t for t in Touchpoint.objects.filter(organization=organization)}
    checkout = touchpoints.get("Verkkokaupan kassa ja maksutavat")
    delivery = touchpoints.get("Toimitus pakettiautomaattiin")
    store = touchpoints.get("Kassa myymälässä ja kanta-asiakasedut")
    returns = touchpoints.get("Palautukset ja reklamaatiot")
    now = timezone.now()
    events: list[EventData] = []
    for index, (name, email, language) in enumerate(CUSTOMERS):
        customer = CustomerData(
            source="verkkokauppa",
            external_id=str(7_000_000_000_000_000 + index),
            email=email,
            name=name,
            language=language,
            tags=["kanta-asiakas"] if index < 3 else [],
            consents=[ConsentData("surveys", True, now - timedelta(days=90), SURVEY_CONSENT)],
        )
        for order in range(rng.randint(1, 3)):
            placed = now - timedelta(days=rng.uniform(2, 60))
            reference = f"#{10_400 + index * 10 + order}"
            method = rng.choice(["pickup_point", "pickup_point", "home", "store_pickup"])
            amount = Decimal(rng.choice(["24.90", "39.90", "45.00", "68.50", "112.40"]))
            promised = placed + timedelta(days=2)
            events.append(
                EventData(
                    kind="order_placed",
                    occurred_at=placed,
                    source="verkkokauppa",
                    external_id=f"order-{reference}",
                    customer=customer,
                    touchpoint=checkout,
                    amount=amount,
                    order_reference=reference,
                    delivery_method=method,
                    promised_at=promised,
                    payload={"order": reference, "total": str(amount)},
                )
            )
            late = index == 2 and order == 0
            if late:
                events.append(
                    EventData(
                        kind="order_delayed",
                        occurred_at=promised + timedelta(hours=3),
                        source="verkkokauppa",
                        external_id=f"delay-{reference}",
                        customer=customer,
                        touchpoint=delivery,
                        order_reference=reference,
                        delivery_method=method,
                        topic="Kuljetusyhtiön lajittelukeskus ruuhkautunut",
                    )
                )
            events.append(
                EventData(
                    kind="order_delivered",
                    occurred_at=promised
                    + timedelta(days=2 if late else 0, hours=rng.randint(-20, 6)),
                    source="verkkokauppa",
                    external_id=f"delivered-{reference}",
                    customer=customer,
                    touchpoint=delivery,
                    order_reference=reference,
                    delivery_method=method,
                    delivery_place="Posti, Kaleva" if method == "pickup_point" else "",
                )
            )
        if index == 4:
            events.append(
                EventData(
                    kind="complaint",
                    occurred_at=now - timedelta(days=3),
                    source="puhelin",
                    customer=customer,
                    touchpoint=returns,
                    topic="Voidepurkki haljennut kuljetuksessa",
                )
            )
        if index in (1, 6):
            events.append(
                EventData(
                    kind="store_visit",
                    occurred_at=now - timedelta(days=rng.uniform(1, 20)),
                    source="kassa",
                    customer=customer,
                    touchpoint=store,
                    amount=Decimal("45.00"),
                )
            )
    events += _late_orders(now, checkout, touchpoints.get("Kysymykset sähköpostilla ja chatissa"))
    record_events(organization, events)
    # The webshop is connected, so the connections page shows what that looks like.
    WebhookEndpoint.objects.create(organization=organization, platform="woocommerce")


def _late_orders(now, checkout: Touchpoint | None, support: Touchpoint | None) -> list[EventData]:
    """Two orders past their promised day: one we tell about first, one the customer
    asks about before we notice."""
    events = []
    for reference, (name, email, language), placed_days_ago, asked in (
        ("#10498", CUSTOMERS[5], 3, False),
        ("#10499", CUSTOMERS[6], 5, True),
    ):
        customer = CustomerData(source="verkkokauppa", email=email, name=name, language=language)
        placed = now - timedelta(days=placed_days_ago)
        events.append(
            EventData(
                kind="order_placed",
                occurred_at=placed,
                source="verkkokauppa",
                external_id=f"order-{reference}",
                customer=customer,
                touchpoint=checkout,
                amount=Decimal("54.80"),
                order_reference=reference,
                delivery_method="home",
                promised_at=placed + timedelta(days=2),
            )
        )
        if asked:
            events.append(
                EventData(
                    kind="support_contact",
                    occurred_at=now - timedelta(hours=20),
                    source="sähköposti",
                    customer=customer,
                    touchpoint=support,
                    order_reference=reference,
                    topic="Missä tilaukseni viipyy?",
                )
            )
    return events
