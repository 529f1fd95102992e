"""Mystery-shopping audits: checklists (with ready-made ones), walks, and their scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.accounts.models import Membership, Organization
from polku.journeys.models import Stage, Touchpoint

from .models import Audit, AuditCheck, AuditResult, AuditSection, AuditTemplate, CheckKind

P, S = CheckKind.PASS_FAIL, CheckKind.SCORE
# Stages by their place on the default journey.
BEFORE, PURCHASE, AFTER = 1, 2, 3


def t(fi: str, en: str) -> dict:
    return {"fi": fi, "en": en}


# Each section names the journey stage and channel kind it walks, so it finds its touchpoint.
PRESETS: dict[str, dict] = {
    "webshop_purchase": {
        "label": gettext_lazy("Webshop purchase"),
        "name": t("Verkkokauppaostos", "Webshop purchase"),
        "description": t(
            "Tee koeostos verkkokaupassa puhelimella kuin asiakas, joka ei tunne valikoimaa.",
            "Make a test purchase in the webshop on a phone, as a customer who does not know "
            "the range.",
        ),
        "sections": [
            {
                "stage": BEFORE,
                "channel": "webshop",
                "title": t("Tuotteen löytäminen", "Finding the product"),
                "checks": [
                    (
                        P,
                        t(
                            "Haku löytää tuotteen sen arkinimellä",
                            "The search finds the product by its everyday name",
                        ),
                    ),
                    (
                        P,
                        t(
                            "Tuotesivulla näkyvät hinta, saatavuus ja toimitusaika",
                            "The product page shows price, availability and delivery time",
                        ),
                    ),
                    (
                        S,
                        t(
                            "Kuvat ja kuvaus vastaavat kysymyksiini",
                            "The pictures and description answer my questions",
                        ),
                    ),
                ],
            },
            {
                "stage": PURCHASE,
                "channel": "webshop",
                "title": t("Kassa ja maksu", "Checkout and payment"),
                "checks": [
                    (
                        P,
                        t(
                            "Toimituskulut näkyvät ennen kassaa",
                            "Delivery costs are shown before the checkout",
                        ),
                    ),
                    (
                        P,
                        t(
                            "Ostoksen voi tehdä luomatta tiliä",
                            "I can buy without creating an account",
                        ),
                    ),
                    (
                        P,
                        t(
                            "Tarjolla ovat verkkopankit ja MobilePay",
                            "Online banks and MobilePay are offered",
                        ),
                    ),
                    (
                        S,
                        t(
                            "Kassa toimii puhelimella vaivatta",
                            "The checkout works easily on a phone",
                        ),
                    ),
                ],
            },
            {
                "stage": PURCHASE,
                "channel": "email",
                "title": t("Tilausvahvistus", "Order confirmation"),
                "checks": [
                    (
                        P,
                        t(
                            "Vahvistus tulee sähköpostiin viidessä minuutissa",
                            "The confirmation arrives by email within five minutes",
                        ),
                    ),
                    (
                        P,
                        t(
                            "Vahvistus kertoo toimitusajan ja miten meidät tavoittaa",
                            "The confirmation states the delivery time and how to reach us",
                        ),
                    ),
                ],
            },
        ],
    },
    "store_visit": {
        "label": gettext_lazy("Store visit"),
        "name": t("Myymäläkäynti", "Store visit"),
        "description": t(
            "Käy myymälässä asiakkaana, jolla on kysymys. Älä kerro olevasi auditoija.",
            "Visit the store as a customer with a question. Do not say you are auditing.",
        ),
        "sections": [
            {
                "stage": BEFORE,
                "channel": "store",
                "title": t("Saapuminen", "Arriving"),
                "checks": [
                    (
                        P,
                        t(
                            "Aukioloajat ovat samat verkossa ja ovessa",
                            "The opening hours are the same online and on the door",
                        ),
                    ),
                    (P, t("Minua tervehditään minuutin sisällä", "I am greeted within a minute")),
                    (S, t("Myymälä on siisti ja valoisa", "The store is tidy and bright")),
                ],
            },
            {
                "stage": BEFORE,
                "channel": "store",
                "title": t("Neuvonta", "Advice"),
                "checks": [
                    (
                        P,
                        t(
                            "Myyjä kysyy tarpeestani ennen kuin suosittelee",
                            "The seller asks about my need before recommending",
                        ),
                    ),
                    (
                        S,
                        t(
                            "Saan asiantuntevan vastauksen kysymykseeni",
                            "I get an expert answer to my question",
                        ),
                    ),
                    (P, t("Tuotteita voi kokeilla", "I can try the products")),
                ],
            },
            {
                "stage": PURCHASE,
                "channel": "store",
                "title": t("Kassa", "Checkout"),
                "checks": [
                    (P, t("Jonotan alle viisi minuuttia", "I queue less than five minutes")),
                    (
                        P,
                        t(
                            "Kanta-asiakasedusta kerrotaan kysymättä",
                            "The loyalty benefit is mentioned without my asking",
                        ),
                    ),
                    (S, t("Hyvästely on ystävällinen", "The goodbye is friendly")),
                ],
            },
        ],
    },
    "phone_contact": {
        "label": gettext_lazy("Phone contact"),
        "name": t("Puhelinasiointi", "Phone contact"),
        "description": t(
            "Soita asiakaspalveluun tavallisella kysymyksellä arkipäivänä ja illalla.",
            "Call customer service with an ordinary question, once by day and once in the evening.",
        ),
        "sections": [
            {
                "stage": BEFORE,
                "channel": "phone",
                "title": t("Puheluun vastaaminen", "Answering the call"),
                "checks": [
                    (
                        P,
                        t(
                            "Puhelinnumero löytyy verkkosivuilta helposti",
                            "The phone number is easy to find on the website",
                        ),
                    ),
                    (
                        P,
                        t(
                            "Puheluun vastataan tai soitetaan takaisin samana päivänä",
                            "The call is answered, or returned the same day",
                        ),
                    ),
                    (P, t("Vastaaja kertoo nimensä", "The person answering says their name")),
                ],
            },
            {
                "stage": PURCHASE,
                "channel": "phone",
                "title": t("Asian hoitaminen", "Sorting out the matter"),
                "checks": [
                    (P, t("Asia hoituu yhdellä puhelulla", "The matter is settled in one call")),
                    (S, t("Vastaukset ovat selkeitä", "The answers are clear")),
                    (
                        P,
                        t(
                            "Minulle kerrotaan, mitä seuraavaksi tapahtuu",
                            "I am told what happens next",
                        ),
                    ),
                ],
            },
        ],
    },
    "delivery_return": {
        "label": gettext_lazy("Delivery and return"),
        "name": t("Toimitus ja palautus", "Delivery and return"),
        "description": t(
            "Tilaa tuote kotiin tai pakettiautomaattiin ja palauta se.",
            "Order a product to your home or a parcel locker, then return it.",
        ),
        "sections": [
            {
                "stage": AFTER,
                "channel": "delivery",
                "title": t("Toimitus", "Delivery"),
                "checks": [
                    (
                        P,
                        t(
                            "Saan seurantalinkin, kun paketti lähtee",
                            "I get a tracking link when the parcel leaves",
                        ),
                    ),
                    (
                        P,
                        t(
                            "Paketti saapuu luvatussa ajassa",
                            "The parcel arrives in the promised time",
                        ),
                    ),
                    (S, t("Pakkaus on ehjä ja siisti", "The packaging is intact and neat")),
                ],
            },
            {
                "stage": AFTER,
                "channel": "phone",
                "title": t("Palautus", "Return"),
                "checks": [
                    (
                        P,
                        t(
                            "Palautusohjeet löytyvät paketista tai verkosta",
                            "Return instructions are in the parcel or online",
                        ),
                    ),
                    (
                        P,
                        t(
                            "Palautuksen hinta kerrotaan etukäteen",
                            "The price of a return is told in advance",
                        ),
                    ),
                    (
                        P,
                        t("Rahat palautuvat viikon kuluessa", "The money comes back within a week"),
                    ),
                    (S, t("Palauttaminen on helppoa", "Returning is easy")),
                ],
            },
        ],
    },
}


def _touchpoint_for(organization: Organization, stage_place: int, channel_kind: str):
    """The organization's first touchpoint on that stage and channel, else on that channel."""
    stage_ids = list(
        Stage.objects.filter(organization=organization)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    on_channel = Touchpoint.objects.filter(
        organization=organization, channel__kind=channel_kind
    ).order_by("stage__position", "position", "pk")
    if stage_place < len(stage_ids):
        exact = on_channel.filter(stage_id=stage_ids[stage_place]).first()
        if exact is not None:
            return exact
    return on_channel.first()


@transaction.atomic
def create_template(organization: Organization, name: str, preset: str = "") -> AuditTemplate:
    """A blank checklist, or a ready-made one in the organization's language."""
    if not preset:
        return AuditTemplate.objects.create(organization=organization, name=name)
    data = PRESETS[preset]
    language = organization.language if organization.language in ("fi", "en") else "en"
    template = AuditTemplate.objects.create(
        organization=organization,
        name=name or data["name"][language],
        description=data["description"][language],
        preset=preset,
    )
    for position, section_data in enumerate(data["sections"]):
        section = AuditSection.objects.create(
            organization=organization,
            template=template,
            title=section_data["title"][language],
            touchpoint=_touchpoint_for(
                organization, section_data["stage"], section_data["channel"]
            ),
            position=position,
        )
        AuditCheck.objects.bulk_create(
            AuditCheck(
                organization=organization,
                section=section,
                text=text[language],
                kind=kind,
                position=i,
            )
            for i, (kind, text) in enumerate(section_data["checks"])
        )
    return template


@transaction.atomic
def start_audit(template: AuditTemplate, auditor: Membership) -> Audit:
    """A new walk with the checklist copied as it is now, so later edits leave it alone."""
    sections = list(template.sections.prefetch_related("checks"))
    if not any(section.checks.all() for section in sections):
        raise ValidationError(_("Add something to check before starting an audit."))
    audit = Audit.objects.create(
        organization=template.organization, template=template, name=template.name, auditor=auditor
    )
    results = []
    step = 0
    for section in sections:
        checks = list(section.checks.all())
        if not checks:
            continue
        step += 1
        results += [
            AuditResult(
                organization=template.organization,
                audit=audit,
                step=step,
                position=i,
                section_title=section.title,
                touchpoint_id=section.touchpoint_id,
                text=check.text,
                kind=check.kind,
            )
            for i, check in enumerate(checks)
        ]
    AuditResult.objects.bulk_create(results)
    return audit


def score_of(results) -> float | None:
    points = [r.points for r in results if r.points is not None]
    return mean(points) if points else None


@dataclass
class Step:
    number: int
    title: str
    touchpoint: Touchpoint | None
    results: list[AuditResult] = field(default_factory=list)

    @property
    def score(self) -> float | None:
        return score_of(self.results)

    @property
    def answered(self) -> int:
        return sum(r.points is not None for r in self.results)

    @property
    def failed(self) -> list[AuditResult]:
        return [r for r in self.results if r.failed]


def steps_of(audit: Audit) -> list[Step]:
    steps: dict[int, Step] = {}
    for result in audit.results.select_related("touchpoint"):
        if result.step not in steps:
            steps[result.step] = Step(result.step, result.section_title, result.touchpoint)
        steps[result.step].results.append(result)
    return list(steps.values())


@transaction.atomic
def finish_audit(audit: Audit) -> None:
    results = list(audit.results.all())
    score = score_of(results)
    if score is None:
        raise ValidationError(_("Check at least one item before finishing the audit."))
    audit.finished_at = timezone.now()
    audit.score = score
    audit.save(update_fields=["finished_at", "score"])


@dataclass
class History:
    """A checklist's finished audits, oldest first, with each step's score."""

    name: str
    columns: list[str]
    rows: list[tuple[Audit, list[float | None]]]


def history(organization: Organization) -> list[History]:
    audits = (
        Audit.objects.filter(organization=organization, finished_at__isnull=False)
        .select_related("auditor__user")
        .prefetch_related("results")
        .order_by("started_at", "pk")
    )
    by_name: dict[str, list[Audit]] = {}
    for audit in audits:
        by_name.setdefault(audit.template_id or audit.name, []).append(audit)
    histories = []
    for group in by_name.values():
        columns: list[str] = []
        for audit in group:
            for result in audit.results.all():
                if result.section_title not in columns:
                    columns.append(result.section_title)
        rows = []
        for audit in group:
            results = list(audit.results.all())
            rows.append(
                (
                    audit,
                    [score_of([r for r in results if r.section_title == c]) for c in columns],
                )
            )
        histories.append(History(group[-1].name, columns, rows))
    return histories
