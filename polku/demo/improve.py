"""The demo's improvement work: a backlog across the matrix with one change measured before
and after, two finished mystery-shopping audits and one under way, and testimonials with
names (one withdrawn by its writer)."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from polku.accounts.models import Membership, Organization
from polku.cases.models import Case
from polku.customers.actions import customer_by_email
from polku.improve import actions, audits
from polku.improve.models import Audit, AuditTemplate, Improvement, ImprovementEntry, Testimonial
from polku.improve.testimonials import withdraw
from polku.journeys.models import Touchpoint
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Kind, Parsed
from polku.surveys.models import Survey

from .surveys import fake_answer

# (title, description, touchpoint, source, impact, effort, owner email, status, days since done)
BACKLOG = {
    "demo": [
        (
            "Varapaikka täyden pakettiautomaatin tilalle",
            "Kun automaatti on täynnä, asiakas saa heti tekstiviestin ja valmiin varapaikan "
            "läheltä eikä joudu arvailemaan.",
            "Toimitus pakettiautomaattiin",
            "case",
            4,
            2,
            "mikko@kaisla.test",
            "measured",
            31,
        ),
        (
            "Toinen kassa auki lauantaisin klo 11–15",
            "Palautteissa ja auditoinnissa toistui lauantain jono. Jari siirtyy ruuhka-aikaan "
            "kassalle.",
            "Kassa myymälässä ja kanta-asiakasedut",
            "audit",
            4,
            1,
            "jari@kaisla.test",
            "done",
            9,
        ),
        (
            "Haku löytämään tuotteet arkinimillä",
            "Lisätään hakuun synonyymit: ”aurinkorasva” löytää aurinkosuojat, ”meikinpoistaja” "
            "puhdistusvedet.",
            "Tuotesivut ja ainesosaluettelot",
            "case",
            4,
            3,
            "mikko@kaisla.test",
            "doing",
            None,
        ),
        (
            "Tuoksuttomat tuotteet omaksi suodattimeksi",
            "",
            "Tuotesivut ja ainesosaluettelot",
            "team",
            2,
            1,
            "aino@kaisla.test",
            "planned",
            None,
        ),
        (
            "Kanta-asiakasedut myös verkkokauppaan",
            "Vaatii kassajärjestelmän ja verkkokaupan yhdistämisen.",
            "Verkkokaupan kassa ja maksutavat",
            "case",
            5,
            5,
            "",
            "idea",
            None,
        ),
        (
            "Ainesosaluettelo tekstinä kuvan sijaan",
            "Kuvana oleva luettelo ei suurene puhelimella.",
            "Tuotesivut ja ainesosaluettelot",
            "team",
            2,
            4,
            "",
            "idea",
            None,
        ),
    ],
    "clearview": [
        (
            "One invoice per job",
            "Customers got a separate invoice for parts and for labour.",
            "",
            "case",
            4,
            2,
            "ben@clearview.test",
            "doing",
            None,
        ),
        (
            "Text the customer when the car is ready",
            "",
            "",
            "team",
            3,
            1,
            "",
            "idea",
            None,
        ),
    ],
}

# A word in the cases each idea came from, to link them.
CASE_WORDS = {
    "Varapaikka täyden pakettiautomaatin tilalle": "automaatti",
    "Haku löytämään tuotteet arkinimillä": "Hakutoiminto",
    "Kanta-asiakasedut myös verkkokauppaan": "Kanta-asiakasetu",
    "One invoice per job": "invoice",
}

# Named, consented comments from the store (customer name, email, comment).
NAMED_PRAISE = [
    (
        "Liisa Heikkinen",
        "liisa.heikkinen@example.fi",
        "Aino löysi minulle vihdoin voiteen, joka ei kirvele. Kiitos kärsivällisyydestä!",
    ),
    (
        "Petra Lindqvist",
        "petra.lindqvist@example.fi",
        "Ihoanalyysi oli perusteellinen ja sain mukaan näytteet kotiin.",
    ),
    (
        "Oskari Rantanen",
        "oskari.rantanen@example.fi",
        "Lahjapaketointi onnistui viidessä minuutissa, ja vaimo ilahtui.",
    ),
]


def load_demo_improve(organization: Organization) -> None:
    rng = random.Random(f"polku-demo-improve-{organization.slug}")  # noqa: S311 - made-up
    now = timezone.now()
    members = {
        m.user.email: m
        for m in Membership.objects.filter(organization=organization).select_related("user")
    }
    lead = next(m for m in members.values() if m.role in ("owner", "manager"))
    if organization.slug == "demo":
        _delivery_before_and_after(organization, rng, now)
    _audits(organization, lead, members, now)
    for spec in BACKLOG.get(organization.slug, []):
        _improvement(organization, lead, members, spec, now)
    if organization.slug == "demo":
        _named_testimonials(organization, rng, now)


def _touchpoint(organization: Organization, name: str) -> Touchpoint | None:
    if not name:
        return None
    return Touchpoint.objects.filter(organization=organization, name=name).first()


def _improvement(organization, lead, members, spec, now) -> None:
    title, description, touchpoint_name, source, impact, effort, owner, status, done_days = spec
    touchpoint = _touchpoint(organization, touchpoint_name)
    item = actions.create_improvement(
        organization,
        lead,
        title=title,
        description=description,
        touchpoint=touchpoint,
        source=source,
        impact=impact,
        effort=effort,
        owner=members.get(owner),
    )
    created = now - timedelta(days=(done_days or 0) + _days_in_backlog(title))
    Improvement.objects.filter(pk=item.pk).update(created_at=created)
    item.entries.update(at=created)
    if title in CASE_WORDS:
        # The cases the idea came from: the newest few that speak of it.
        cases = Case.objects.filter(organization=organization, summary__icontains=CASE_WORDS[title])
        item.cases.set(cases.order_by("-created_at")[:3])
    if status in ("planned", "doing", "done", "measured"):
        item.status = "planned" if status != "doing" else "doing"
        actions.update_improvement(item, lead, ["status"])
    if status in ("done", "measured"):
        item.status = "done"
        actions.update_improvement(item, lead, ["status"])
        Improvement.objects.filter(pk=item.pk).update(done_at=now - timedelta(days=done_days))
        item.refresh_from_db()
    if status == "measured":
        language = organization.language
        note = (
            "Täysistä automaateista tulleet valitukset loppuivat lähes kokonaan."
            if language == "fi"
            else "Complaints stopped."
        )
        actions.record_result(item, lead, Improvement.Verdict.WORKED, note)
    # The timeline reads in order: each step a few days after the one before.
    for i, entry in enumerate(item.entries.order_by("pk")):
        ImprovementEntry.objects.filter(pk=entry.pk).update(
            at=min(now, created + timedelta(days=3 * i, hours=2))
        )


def _days_in_backlog(title: str) -> int:
    """How long before it was done the idea was written down: 5–24 days, fixed per title."""
    return 5 + len(title) % 20


def _delivery_before_and_after(organization: Organization, rng: random.Random, now) -> None:
    """Parcel-locker answers that got better after the backup-locker change 31 days ago."""
    survey = Survey.objects.filter(organization=organization, preset="delivery").first()
    if survey is None or survey.current_version is None:
        return
    version = survey.current_version
    for days_from, days_to, mood, count in ((32, 61, 0.35, 22), (1, 30, 0.85, 22)):
        for _ in range(count):
            happy = rng.random() < mood
            answers = {}
            for question in version.questions:
                parsed = fake_answer(question, rng, happy, "fi")
                if parsed is not None:
                    answers[question["key"]] = parsed
            at = now - timedelta(days=rng.uniform(days_from, days_to))
            submit_response(
                version,
                answers,
                uuid.UUID(int=rng.getrandbits(128)).hex,
                Origin(language="fi", at=at),
            )


def _walk(audit: Audit, rng: random.Random, pass_rate: float, notes: dict[str, str]) -> None:
    for result in audit.results.all():
        if result.kind == "pass_fail":
            result.passed = rng.random() < pass_rate
        else:
            result.score = rng.choice([5, 4, 4, 3] if pass_rate > 0.7 else [4, 3, 2, 2])
        result.note = notes.get(result.text, "") if result.failed else ""
        result.save()


def _audits(organization, lead, members, now) -> None:
    rng = random.Random(f"polku-demo-audits-{organization.slug}")  # noqa: S311 - made-up
    auditor = members.get("aino@kaisla.test", lead)
    if organization.slug == "demo":
        store = audits.create_template(organization, "", "store_visit")
        audits.create_template(organization, "", "webshop_purchase")
        audits.create_template(organization, "", "delivery_return")
        notes = {
            "Jonotan alle viisi minuuttia": "Lauantaina klo 12 jonossa kahdeksan minuuttia.",
            "Aukioloajat ovat samat verkossa ja ovessa": "Google sanoo 9, ovi sanoo 10.",
            "Minua tervehditään minuutin sisällä": "Kaksi myyjää hyllytti, kukaan ei huomannut.",
        }
        for days_ago, pass_rate in ((48, 0.45), (6, 0.95)):
            audit = audits.start_audit(store, auditor)
            _walk(audit, rng, pass_rate, notes)
            audits.finish_audit(audit)
            Audit.objects.filter(pk=audit.pk).update(
                started_at=now - timedelta(days=days_ago, hours=3),
                finished_at=now - timedelta(days=days_ago, hours=2),
            )
        first = Audit.objects.filter(organization=organization).order_by("started_at").first()
        for result in first.results.all():
            if result.failed and result.text in notes:
                actions.improvement_from_finding(result, lead)
        # Under way: the webshop walk, first touchpoint done.
        template = AuditTemplate.objects.get(organization=organization, preset="webshop_purchase")
        audit = audits.start_audit(template, members.get("jari@kaisla.test", lead))
        for result in audit.results.filter(step=1):
            result.passed, result.score = True, 4
            result.save()
    else:
        phone = audits.create_template(organization, "", "phone_contact")
        audit = audits.start_audit(phone, lead)
        late = "Voicemail, no call back until the next morning."
        _walk(audit, rng, 0.7, {"The call is answered, or returned the same day": late})
        audits.finish_audit(audit)
        Audit.objects.filter(pk=audit.pk).update(
            started_at=now - timedelta(days=12), finished_at=now - timedelta(days=12)
        )


def _named_testimonials(organization: Organization, rng: random.Random, now) -> None:
    survey = Survey.objects.get(organization=organization, preset="store_visit")
    version = survey.current_version
    kinds = {q["key"]: q["kind"] for q in version.questions}
    for i, (name, email, comment) in enumerate(NAMED_PRAISE):
        customer = customer_by_email(organization, email, name)
        answers = {}
        for key, kind in kinds.items():
            if kind == Kind.NPS:
                answers[key] = Parsed(number=10 - i % 2)
            elif kind == Kind.RATING:
                answers[key] = Parsed(number=5)
            elif kind == Kind.SHORT_TEXT:
                answers[key] = Parsed(text=comment)
            elif kind == Kind.CONSENT:
                answers[key] = Parsed(number=1)
        submit_response(
            version,
            answers,
            uuid.UUID(int=rng.getrandbits(128)).hex,
            Origin(language="fi", customer=customer, at=now - timedelta(days=3 + 9 * i)),
        )
    # One writer changed their mind.
    last = Testimonial.objects.filter(organization=organization, customer__isnull=True).first()
    if last is not None:
        withdraw(last)
