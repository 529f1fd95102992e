"""Demo segments: the shop's customers described by what they bought and said, a persona
on the regulars, a newsletter tag, and a rule that asks only the best customers more."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db.models import Count, Q

from polku.automation.models import Rule
from polku.customers.models import Customer, Event
from polku.insights.models import Segment
from polku.insights.segments import refresh
from polku.journeys.models import Persona, Touchpoint
from polku.surveys.models import Survey

# (name, conditions): the shop's own words for its groups of customers.
DEMO_SEGMENTS = {
    "demo": [
        (
            "Suosittelijat, jotka ostivat kahdesti vuodessa",
            {"nps_category": "promoter", "min_orders": 2, "order_days": 365},
        ),
        ("Hiipuvat kanta-asiakkaat", {"min_orders": 2, "not_bought_days": 90}),
        ("Isot ostajat", {"min_spend": Decimal(250), "order_days": 365}),
        ("Arvostelijat (NPS 0–6)", {"nps_category": "detractor"}),
        ("Uutiskirjeen tilaajat", {"tags": ["uutiskirje"]}),
        ("Pirjon kaltaiset", {"persona": "Pirjo, uskollinen kanta-asiakas"}),
    ],
    "clearview": [("Fleet accounts", {"tags": ["fleet"]})],
}


def _describe_customers(organization) -> None:
    """Tags and personas as the shop would have set them: regulars are Pirjo, one-off
    December buyers Eetu (gifts), and some of the rest busy Laura."""
    rng = random.Random(f"polku-demo-segments-{organization.slug}")  # noqa: S311 - made-up
    personas = {p.name.split(",")[0]: p for p in Persona.objects.filter(organization=organization)}
    customers = (
        Customer.objects.filter(organization=organization)
        .annotate(
            orders=Count("events", filter=Q(events__kind=Event.Kind.ORDER_PLACED)),
            december=Count(
                "events",
                filter=Q(events__kind=Event.Kind.ORDER_PLACED, events__occurred_at__month=12),
            ),
        )
        .order_by("pk")
    )
    for customer in customers:
        if organization.slug == "clearview":
            customer.tags = [*customer.tags, "fleet"] if customer.kind == "company" else []
        elif rng.random() < 0.45 and "uutiskirje" not in customer.tags:
            customer.tags = [*customer.tags, "uutiskirje"]
        if customer.orders >= 3:
            customer.persona = personas.get("Pirjo")
        elif customer.orders == 1 and customer.december:
            customer.persona = personas.get("Eetu")
        elif customer.orders and rng.random() < 0.4:
            customer.persona = personas.get("Laura")
        customer.save(update_fields=["tags", "persona"])


def load_demo_segments(organization) -> None:
    _describe_customers(organization)
    personas = {p.name: p for p in Persona.objects.filter(organization=organization)}
    segments = {}
    for name, conditions in DEMO_SEGMENTS.get(organization.slug, []):
        if "persona" in conditions:
            conditions = {**conditions, "persona": personas[conditions["persona"]]}
        segments[name] = Segment.objects.create(organization=organization, name=name, **conditions)
        refresh(segments[name])
    if organization.slug == "demo":
        # The best customers are asked more: an expectation survey a week after an order.
        Rule.objects.create(
            organization=organization,
            event_kind=Event.Kind.ORDER_PLACED,
            touchpoint=Touchpoint.objects.get(
                organization=organization, name="Verkkokaupan kassa ja maksutavat"
            ),
            survey=Survey.objects.get(organization=organization, preset="expectation"),
            segment=segments["Isot ostajat"],
            delay_minutes=7 * 24 * 60,
        )
