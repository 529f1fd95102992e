"""Demo personal data handling: customers who asked to be forgotten and were, customers the
retention period already took, a few quiet ones the next daily run will erase, and the
owners' and managers' looks at customer pages in the access log; the colleagues who manage
the business have two-step login on (the members page shows who)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from polku.accounts import twofactor
from polku.accounts.models import Membership, Role, TwoFactor
from polku.customers.models import Consent, Customer, Event
from polku.privacy.erasure import erase
from polku.privacy.models import Access, Erasure

PEOPLE = {
    "fi": {
        "asked": ("Heikki Salonen", "heikki.salonen@example.fi"),
        "expired": [("Kirsi Lehtonen", "kirsi.l@example.fi"), ("Ville Heino", "")],
        "quiet": [
            ("Raili Mustonen", "raili.mustonen@example.fi"),
            ("Pentti Rantanen", "pentti.rantanen@example.fi"),
            ("Satu Kivelä", "satu.kivela@example.fi"),
        ],
    },
    "en": {
        "asked": ("Oliver Hughes", "oliver.hughes@example.co.uk"),
        "expired": [("Grace Walker", "grace.w@example.co.uk")],
        "quiet": [("Harry Patel", "harry.patel@example.co.uk"), ("Emily Clarke", "")],
    },
}


def _old_customer(organization, name: str, email: str, months: int) -> Customer:
    """A customer who ordered once, `months` ago, and has been quiet since."""
    then = timezone.now() - timedelta(days=round(30.5 * months))
    customer = Customer.objects.create(
        organization=organization, name=name, email=email, created_at=then
    )
    Consent.objects.create(
        customer=customer, purpose="surveys", granted=True, source="checkout", given_at=then
    )
    Event.objects.create(
        organization=organization,
        customer=customer,
        kind=Event.Kind.ORDER_PLACED,
        occurred_at=then + timedelta(hours=1),
        amount=Decimal("34.90"),
        source="demo",
    )
    return customer


def load_demo_privacy(organization, demo_email: str) -> None:
    people = PEOPLE[organization.language]
    now = timezone.now()
    owner = Membership.objects.filter(organization=organization, role=Role.OWNER).first()
    manager = Membership.objects.filter(organization=organization, role=Role.MANAGER).first()

    # Erased earlier: the log rows are the real ones, moved back to when it happened.
    name, email = people["asked"]
    asked = erase(_old_customer(organization, name, email, 8), Erasure.Reason.REQUEST, by=owner)
    Erasure.objects.filter(pk=asked.pk).update(at=now - timedelta(days=41))
    Access.objects.filter(organization=organization).update(at=now - timedelta(days=41))
    for name, email in people["expired"]:
        erased = erase(_old_customer(organization, name, email, 27), Erasure.Reason.RETENTION)
        Erasure.objects.filter(pk=erased.pk).update(at=now - timedelta(days=96))

    # Quiet for 25 months: the preview names them; the worker's run tomorrow erases them.
    for name, email in people["quiet"]:
        _old_customer(organization, name, email, 25)
    organization.retention_ran_on = timezone.localdate()
    organization.save(update_fields=["retention_ran_on"])

    # Looks at customer pages over the last weeks.
    customers = list(
        Customer.objects.filter(organization=organization, responses__isnull=False)
        .distinct()
        .order_by("pk")[:6]
    )
    for n, customer in enumerate(customers):
        member = owner if n % 2 else (manager or owner)
        access = Access.record(customer, Access.Action.VIEWED, member)
        Access.objects.filter(pk=access.pk).update(at=now - timedelta(days=n * 3, hours=n))
    if customers and owner:
        access = Access.record(customers[0], Access.Action.EXPORTED_HTML, owner)
        Access.objects.filter(pk=access.pk).update(at=now - timedelta(days=2))

    # The colleagues who manage the business turned two-step login on; the demo user
    # (who must log in without a phone) has not.
    for member in Membership.objects.filter(
        organization=organization, role__in=[Role.OWNER, Role.MANAGER]
    ).exclude(user__email=demo_email):
        TwoFactor.objects.get_or_create(
            user=member.user, defaults={"secret": twofactor.new_secret()}
        )
