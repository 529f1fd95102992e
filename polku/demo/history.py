"""A year of history for the demo's figures: earlier answers (a third of them with a
comment, from before the shop started answering comments in Polku, so older than the two
months the inbox covers), and twelve months of business figures.

Written in bulk, then the figures' running totals are recomputed from the raw answers, as
`polku recompute` does. Seeded, so every demo shows the same year.
"""

from __future__ import annotations

import math
import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from polku.accounts.models import Membership, Organization, Role
from polku.customers.models import Customer, Event
from polku.insights.kpis import revenue, save_entry
from polku.insights.rollups import recompute
from polku.surveys.kinds import SCALE_KINDS, TEXT_KINDS, Kind, Parsed
from polku.surveys.models import Answer, Response, Survey

from .comments import demo_comment
from .surveys import ANSWERED_BY_BUYERS, buyer_near, fake_answer, orders_in_time

HISTORY_DAYS = 365
RECENT_DAYS = 61  # answers from here on come in with the live demo (and open cases)
# Answers a week per survey preset, and how the year went for it: the share of happy
# customers a year ago and now (the shop improved), and a December dip for parcels.
PACE = {
    "webshop_order": (9, 0.62, 0.78),
    "delivery": (7, 0.45, 0.7),
    "store_visit": (6, 0.8, 0.86),
    "support_contact": (3, 0.55, 0.72),
    "expectation": (2, 0.7, 0.8),
    "website": (4, 0.5, 0.62),
}
SCORED = SCALE_KINDS | {Kind.EXPECTATION, Kind.CHOICE}
COMMENTED = 0.35  # the share of earlier answers with a comment


def _mood(start: float, end: float, days_ago: float, preset: str, month: int) -> float:
    progress = 1 - (days_ago - RECENT_DAYS) / (HISTORY_DAYS - RECENT_DAYS)
    mood = start + (end - start) * progress + 0.04 * math.sin(days_ago / 20)
    if preset == "delivery" and month == 12:
        mood -= 0.2  # Christmas parcels: late and crushed
    return min(0.95, max(0.1, mood))


def load_demo_history(organization: Organization) -> int:
    rng = random.Random(f"polku-demo-history-{organization.slug}")  # noqa: S311 - made-up
    now = timezone.now()
    staff = list(
        Membership.objects.filter(organization=organization, role=Role.AGENT).order_by("pk")
    )
    buyers = random.Random(f"polku-demo-buyers-{organization.slug}")  # noqa: S311 - made-up
    writers = random.Random(f"polku-demo-comments-{organization.slug}")  # noqa: S311 - made-up
    orders = orders_in_time(organization)
    made = 0
    for survey in Survey.objects.filter(
        organization=organization, preset__in=list(PACE)
    ).select_related("current_version", "touchpoint"):
        version = survey.current_version
        per_week, start, end = PACE[survey.preset]
        responses, answers = [], []
        days = RECENT_DAYS
        while days < HISTORY_DAYS:
            days += rng.expovariate(per_week / 7)
            at = now - timedelta(days=days)
            employee = rng.choice(staff) if staff and survey.preset == "store_visit" else None
            mood = _mood(start, end, days, survey.preset, at.month)
            if employee is not None and employee is staff[-1]:
                mood -= 0.4  # the newest seller, still learning the range: a coaching topic
            happy = rng.random() < mood
            parsed = {
                q["key"]: (q["kind"], fake_answer(q, rng, happy, "fi"))
                for q in version.questions
                if q["kind"] in SCORED
            }
            first = {}
            for kind, value in parsed.values():
                if value is not None and kind not in first:
                    first[kind] = value.number
            buyer = buyer_near(orders, at, buyers) if survey.preset in ANSWERED_BY_BUYERS else None
            comment_key = next(
                (q["key"] for q in version.questions if q["kind"] in TEXT_KINDS), None
            )
            if comment_key and writers.random() < COMMENTED:
                text = demo_comment(survey.preset, happy, at.month, writers, organization.language)
                parsed[comment_key] = (Kind.LONG_TEXT, Parsed(text=text))
            response = Response(
                organization=organization,
                survey=survey,
                version=version,
                touchpoint=survey.touchpoint,
                channel=survey.touchpoint.channel if survey.touchpoint else None,
                employee=employee,
                customer_id=buyer,
                source=Response.Source.LINK,
                language=organization.language,
                submission_key=uuid.UUID(int=rng.getrandbits(128)).hex,
                created_at=at,
                nps=first.get(Kind.NPS),
                csat=first.get(Kind.CSAT),
                ces=first.get(Kind.CES),
                has_comment=comment_key in parsed,
            )
            responses.append(response)
            answers.append(parsed)
        Response.objects.bulk_create(responses, batch_size=500)
        Answer.objects.bulk_create(
            (
                Answer(
                    response=response,
                    question_key=key,
                    kind=kind,
                    number=value.number,
                    number2=value.number2,
                    text=value.text or "",
                    choices=value.choices,
                )
                for response, parsed in zip(responses, answers, strict=True)
                for key, (kind, value) in parsed.items()
                if value is not None
            ),
            batch_size=1000,
        )
        made += len(responses)
    recompute(organization)
    return made


def load_demo_kpis(organization: Organization) -> None:
    """Twelve months of business figures: the webshop growing, the store steady."""
    rng = random.Random(f"polku-demo-kpis-{organization.slug}")  # noqa: S311 - made-up
    first = timezone.localdate().replace(day=1)
    webshop = organization.slug == "demo"
    cash = Decimal(14_000)
    for back in range(12, 0, -1):
        month = (first - timedelta(days=28 * back)).replace(day=1)
        progress = (12 - back) / 11
        figures = {"leads": int(28 + 20 * progress + rng.randint(-4, 4))}
        store_sales = Decimal(
            16_000 + rng.randint(-1500, 1500) + (9000 if month.month == 12 else 0)
        )
        if webshop:
            visitors = int(9_000 + 3_800 * progress + rng.randint(-400, 400))
            conversion = (Decimal("1.8") + Decimal("1.1") * Decimal(progress)).quantize(
                Decimal("0.1")
            )
            average = Decimal(112 + round(14 * progress) + rng.randint(-2, 2))
            online = revenue(visitors, conversion, average)
            figures.update(visitors=visitors, conversion=conversion, average_order=average)
        else:
            online = Decimal(0)
            store_sales = store_sales / 2
        sales = (store_sales + online).quantize(Decimal(1))
        cash += (sales * Decimal("0.08")).quantize(Decimal(1)) - rng.randint(0, 1500)
        save_entry(organization, "month", month, cash=cash, sales=sales, **figures)


FIRST_NAMES = [
    "Aino", "Eino", "Helmi", "Onni", "Sofia", "Leo", "Emma", "Väinö", "Olivia", "Elias",
    "Ella", "Oliver", "Iida", "Eetu", "Linnea", "Lauri", "Venla", "Niilo", "Kerttu", "Aatos",
]  # fmt: skip
LAST_NAMES = [
    "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
    "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen",
]  # fmt: skip


def load_demo_orders(organization: Organization) -> int:
    """A year of webshop orders from a few hundred customers, more of them coming back as
    the year went on: the repeat-customer figures."""
    rng = random.Random(f"polku-demo-orders-{organization.slug}")  # noqa: S311 - made-up
    now = timezone.now()
    customers = Customer.objects.bulk_create(
        Customer(
            organization=organization,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            email=f"asiakas{n}@example.fi",
            language="fi",
            created_at=now - timedelta(days=HISTORY_DAYS),
        )
        for n in range(240)
    )
    events = []
    for n, customer in enumerate(customers):
        at = now - timedelta(days=rng.uniform(30, HISTORY_DAYS))
        while at < now - timedelta(days=RECENT_DAYS // 4):
            events.append(
                Event(
                    organization=organization,
                    customer=customer,
                    kind=Event.Kind.ORDER_PLACED,
                    occurred_at=at,
                    amount=Decimal(rng.randint(25, 180)) + Decimal("0.90"),
                    order_reference=f"H{n}-{len(events)}",
                    source="history",
                    external_id=f"h{len(events)}",
                    rules_applied=True,  # history: sets off no invitation
                )
            )
            age = (now - at).days / HISTORY_DAYS  # 1 a year ago, 0 now
            if rng.random() > 0.75 - 0.3 * age:  # fewer came back early in the year
                break
            at += timedelta(days=rng.expovariate(1 / 45))
    Event.objects.bulk_create(events, batch_size=1000)
    return len(events)
