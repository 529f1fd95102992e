"""Retention: customers who have been quiet longer than the organization keeps data for are
erased by the worker, once a day per organization.

Quiet means no order or other event, no answer, no case, no consent decision and no
invitation in the period, and the customer record itself older than that. A customer with
a case still open is kept until the case is closed: the work is not done.
"""

from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from polku.accounts.models import Organization
from polku.automation.models import Invitation
from polku.cases.models import Case
from polku.customers.models import Consent, Customer, Event
from polku.surveys.models import Response

from .erasure import erase
from .models import Erasure

# Customers erased per organization and worker tick: the rest wait for the next tick.
BATCH = 50


def cutoff(organization: Organization, now: datetime) -> datetime:
    return now - relativedelta(months=organization.retention_months)


def _quiet_customers(organization: Organization, now: datetime | None) -> QuerySet:
    since = cutoff(organization, now or timezone.now())

    def recent(model, field: str) -> Exists:
        return Exists(model.objects.filter(customer=OuterRef("pk"), **{f"{field}__gte": since}))

    return (
        Customer.objects.filter(organization=organization, created_at__lt=since)
        .exclude(recent(Event, "occurred_at"))
        .exclude(recent(Response, "created_at"))
        .exclude(recent(Case, "created_at"))
        .exclude(recent(Consent, "given_at"))
        .exclude(recent(Invitation, "created_at"))
    )


OPEN_CASE = Exists(
    Case.objects.filter(customer=OuterRef("pk")).exclude(
        status__in=[Case.Status.RESOLVED, Case.Status.CLOSED]
    )
)


def expired_customers(organization: Organization, now: datetime | None = None) -> QuerySet:
    """The customers the next retention run erases, if it ran at `now`."""
    return _quiet_customers(organization, now).exclude(OPEN_CASE)


def kept_for_open_cases(organization: Organization, now: datetime | None = None) -> int:
    """Quiet customers kept only because a case of theirs is still open."""
    return _quiet_customers(organization, now).filter(OPEN_CASE).count()


def erase_expired(organization: Organization, now: datetime, limit: int | None = None) -> int:
    """Erase the organization's expired customers (at most `limit`); how many were found."""
    customers = expired_customers(organization, now).order_by("pk")
    found = list(customers[:limit] if limit else customers)
    for customer in found:
        erase(customer, Erasure.Reason.RETENTION)  # None: another worker was first
    return len(found)


def apply_retention(now: datetime | None = None) -> int:
    """The worker's step: each organization not done today, a batch at a time."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    erased = 0
    due = Organization.objects.filter(
        Q(retention_ran_on__isnull=True) | Q(retention_ran_on__lt=today)
    )
    for organization in due:
        found = erase_expired(organization, now, BATCH)
        erased += found
        if found < BATCH:  # all done for today
            Organization.objects.filter(pk=organization.pk).update(retention_ran_on=today)
    return erased
