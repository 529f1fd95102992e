"""Demo surveys, one per preset, with answers spread over the last two months.

The answers come from a seeded random generator, so every demo looks the same; comments
follow the score (a low score brings a complaint, a high one praise).
"""

from __future__ import annotations

import bisect
import random
import uuid
from datetime import timedelta

from django.utils import timezone

from polku.accounts.models import Membership, Organization
from polku.automation.actions import create_invitation, invitation_submission_key
from polku.customers.actions import customer_by_email
from polku.customers.models import Customer, Event
from polku.journeys.models import Channel, Touchpoint
from polku.surveys.actions import Origin, create_survey, publish, submit_response
from polku.surveys.kinds import Kind, Parsed
from polku.surveys.models import Response, Survey

PRAISE_FI = [
    "Paketti tuli nopeasti ja näyte oli ihana yllätys.",
    "Myyjä osasi neuvoa herkälle iholle sopivan voiteen.",
    "Kaikki sujui helposti, kiitos!",
    "Ihoanalyysi oli todella hyödyllinen, tulen uudestaan.",
    "Lahjapaketointi oli kaunis ja ilmainen.",
]
MIXED_FI = [
    "Kassalla oli jonoa lauantaina.",
    "Ainesosaluettelo oli vaikea lukea puhelimella.",
    "Toivoisin enemmän tuoksuttomia vaihtoehtoja.",
    "Hakutoiminto ei löytänyt tuotetta sen nimellä.",
]
COMPLAINT_FI = [
    "Toimitus myöhästyi kaksi päivää, eikä siitä kerrottu etukäteen.",
    "Pakettiautomaatti oli täynnä, jouduin hakemaan paketin toisesta paikasta.",
    "Kanta-asiakasetu ei toiminut verkkokaupassa.",
    "Voidepurkki oli haljennut matkalla.",
]
PRAISE_EN = ["Quick and friendly, thank you!", "The van came to our car park as promised."]
COMPLAINT_EN = ["Three invoices instead of one again.", "Nobody called back about the calibration."]

# (preset, survey name, touchpoint name, languages, answers, source, channel kind, mood)
DEMO_SURVEYS = {
    "demo": [
        (
            "webshop_order",
            "Verkkokauppatilauksen jälkeen",
            "Verkkokaupan kassa ja maksutavat",
            ["fi", "en"],
            64,
            Response.Source.LINK,
            "",
            0.75,
        ),
        (
            "delivery",
            "Toimituksen jälkeen",
            "Toimitus pakettiautomaattiin",
            ["fi"],
            52,
            Response.Source.LINK,
            "",
            0.55,
        ),
        (
            "store_visit",
            "Myymäläkäynti (QR-koodi kassalla)",
            "Myymälään saapuminen ja tervehdys",
            ["fi", "en"],
            41,
            Response.Source.QR,
            "store",
            0.85,
        ),
        (
            "support_contact",
            "Asiakaspalvelu (CES)",
            "Kysymykset sähköpostilla ja chatissa",
            ["fi"],
            23,
            Response.Source.LINK,
            "",
            0.7,
        ),
        (
            "expectation",
            "Ihoanalyysi: odotus ja kokemus",
            "Ihoanalyysin ajanvaraus",
            ["fi"],
            18,
            Response.Source.LINK,
            "",
            0.8,
        ),
        (
            "website",
            "Verkkosivujen palaute (widget)",
            "Tuotesivut ja ainesosaluettelot",
            ["fi", "en"],
            35,
            Response.Source.WIDGET,
            "",
            0.6,
        ),
    ],
    "clearview": [
        (
            "support_contact",
            "After a repair",
            "Workshop reception and waiting room",
            ["en"],
            12,
            Response.Source.LINK,
            "",
            0.7,
        ),
    ],
}


def fake_answer(question: dict, rng: random.Random, happy: bool, language: str) -> Parsed | None:
    kind = question["kind"]
    if kind == Kind.NPS:
        return Parsed(number=rng.choice([9, 10, 10, 8]) if happy else rng.choice([2, 5, 6, 7]))
    if kind == Kind.CSAT:
        return Parsed(number=rng.choice([4, 5, 5]) if happy else rng.choice([1, 2, 3]))
    if kind == Kind.CES:
        return Parsed(number=rng.choice([6, 7]) if happy else rng.choice([2, 3, 4]))
    if kind == Kind.RATING:
        return Parsed(number=rng.choice([4, 5]) if happy else rng.choice([2, 3]))
    if kind == Kind.EXPECTATION:
        expected = rng.choice([3, 4, 4, 5])
        got = (
            min(5, expected + rng.choice([0, 1]))
            if happy
            else max(1, expected - rng.choice([1, 2]))
        )
        return Parsed(number=expected, number2=got)
    if kind in (Kind.CHOICE, Kind.MULTICHOICE):
        keys = [c["key"] for c in question["choices"]]
        return Parsed(choices=[keys[0] if happy else rng.choice(keys)])
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        if rng.random() < 0.45:
            return None
        if language == "en":
            return Parsed(text=rng.choice(PRAISE_EN if happy else COMPLAINT_EN))
        pool = PRAISE_FI if happy else rng.choice([MIXED_FI, COMPLAINT_FI])
        return Parsed(text=rng.choice(pool))
    if kind == Kind.CONSENT:
        return Parsed(number=1) if happy and rng.random() < 0.4 else None
    return None


# Webshop surveys are answered by someone who ordered some days before.
ANSWERED_BY_BUYERS = {"webshop_order", "delivery"}


def orders_in_time(organization: Organization) -> list[tuple]:
    """(time, customer id) of every order, oldest first."""
    return sorted(
        Event.objects.filter(
            organization=organization, kind=Event.Kind.ORDER_PLACED, customer__isnull=False
        ).values_list("occurred_at", "customer_id")
    )


def buyer_near(orders: list[tuple], at, rng: random.Random) -> int | None:
    """A customer who ordered one to twenty days before `at`, if any did."""
    low = bisect.bisect_left(orders, (at - timedelta(days=20),))
    high = bisect.bisect_left(orders, (at - timedelta(days=1),))
    return rng.choice(orders[low:high])[1] if high > low else None


def load_demo_surveys(organization: Organization) -> None:
    rng = random.Random(f"polku-demo-{organization.slug}")  # noqa: S311 - made-up data
    buyers = random.Random(f"polku-demo-buyers-{organization.slug}")  # noqa: S311 - made-up
    orders = orders_in_time(organization)
    customers = Customer.objects.in_bulk({pk for _at, pk in orders})
    now = timezone.now()
    for spec in DEMO_SURVEYS.get(organization.slug, []):
        preset, name, touchpoint_name, languages, count, source, channel_kind, mood = spec
        touchpoint = Touchpoint.objects.filter(
            organization=organization, name=touchpoint_name
        ).first()
        survey = create_survey(
            organization, name, preset=preset, touchpoint=touchpoint, languages=languages
        )
        if preset == "store_visit":
            survey.incentive = {
                "fi": "Kaikkien vastanneiden kesken arvotaan joka kuukausi 50 euron lahjakortti.",
                "en": "Every month we draw a 50-euro gift card among everyone who answered.",
            }
            survey.review_url = "https://www.google.com/maps"
            survey.save()
        version = publish(survey)
        channel = (
            Channel.objects.filter(organization=organization, kind=channel_kind).first()
            if channel_kind
            else None
        )
        for _ in range(count):
            language = languages[0] if rng.random() < 0.85 else languages[-1]
            happy = rng.random() < mood
            answers = {}
            for question in version.questions:
                parsed = fake_answer(question, rng, happy, language)
                if parsed is not None:
                    answers[question["key"]] = parsed
            at = now - timedelta(days=rng.uniform(0, 60), minutes=rng.randint(0, 600))
            buyer = buyer_near(orders, at, buyers) if preset in ANSWERED_BY_BUYERS else None
            submit_response(
                version,
                answers,
                uuid.UUID(int=rng.getrandbits(128)).hex,
                Origin(
                    source=source,
                    language=language,
                    channel=channel,
                    at=at,
                    customer=customers.get(buyer),
                ),
            )
    if organization.slug == "demo":
        _demo_personal_links(organization, rng)
        # One draft, to show what an unpublished survey looks like.
        Survey.objects.create(
            organization=organization, name="Kesäkampanja (luonnos)", title={"fi": "Kesäkampanja"}
        )


def _demo_personal_links(organization: Organization, rng: random.Random) -> None:
    """Personal links made after store service: one answered, two still open."""
    survey = Survey.objects.get(organization=organization, preset="store_visit")
    served_by = Membership.objects.get(organization=organization, user__email="aino@kaisla.test")
    people = [
        ("Laura Mäkinen", "laura.makinen@example.fi", "fi"),
        ("Eetu Salo", "eetu.salo@example.fi", "fi"),
        ("Anna Berg", "anna.berg@example.com", "en"),
    ]
    for index, (name, email, language) in enumerate(people):
        customer = customer_by_email(organization, email, name, language)
        invitation = create_invitation(survey, customer=customer, employee=served_by)
        if index == 0:
            version = survey.current_version
            answers = {
                q["key"]: parsed
                for q in version.questions
                if (parsed := fake_answer(q, rng, True, language)) is not None
            }
            response, _ = submit_response(
                version,
                answers,
                invitation_submission_key(invitation.pk),
                Origin(
                    source=Response.Source.INVITATION,
                    language=language,
                    touchpoint=invitation.touchpoint,
                    channel=invitation.channel,
                    employee=served_by,
                    customer=customer,
                ),
            )
            invitation.response = response
            invitation.save(update_fields=["response"])
