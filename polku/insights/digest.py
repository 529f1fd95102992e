"""The weekly digest: on Monday morning, owners and managers get last week's figures, what
moved, the overdue cases and the improvements measured, by email (opt-out per person).

Made by the worker's tick. The week's `Digest` row is the claim: inserting it twice fails,
so two workers, or a tick that runs twice, never send a week's digest twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from polku.accounts.models import Membership, Organization, Role
from polku.cases.models import Case
from polku.improve.models import Improvement
from polku.lib.sqlite_writes import one_writer
from polku.outbox.sending import queue_email

from .comparison import OPEN, Period, touchpoint_rows
from .metrics import Figures, figures_of, rollups_of
from .models import Digest

SEND_FROM_HOUR = 7  # local time, on Mondays
STOP_SALT = "polku.digest.stop"


def stop_token(membership: Membership) -> str:
    return signing.dumps(membership.pk, salt=STOP_SALT)


def stop_url(membership: Membership) -> str:
    return settings.SITE_URL + reverse("digest_stop", args=[stop_token(membership)])


def membership_from_token(token: str) -> Membership | None:
    try:
        pk = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    return Membership.objects.select_related("organization", "user").filter(pk=pk).first()


@dataclass
class Contents:
    organization: Organization
    week: Period
    now: Figures
    before: Figures
    moved_up: list
    moved_down: list
    overdue: list[Case]
    overdue_count: int
    measured: list[Improvement]


def contents(organization: Organization, monday: date) -> Contents:
    """Last week's (the seven days before `monday`) figures against the week before."""
    week = Period(monday - timedelta(days=7), monday)
    previous = Period(monday - timedelta(days=14), week.start)
    min_count = organization.min_answers
    rows = touchpoint_rows(organization, week, previous)
    changed = [r for r in rows if r.before.shown is not None]
    overdue = Case.objects.filter(
        OPEN, organization=organization, due_at__lt=timezone.now()
    ).order_by("due_at")
    since = timezone.make_aware(datetime.combine(week.start, datetime.min.time()))
    return Contents(
        organization=organization,
        week=week,
        now=figures_of(rollups_of(organization, week.start, week.end), min_count),
        before=figures_of(rollups_of(organization, previous.start, previous.end), min_count),
        moved_up=sorted((r for r in changed if r.improvement > 0), key=lambda r: -r.improvement)[
            :3
        ],
        moved_down=sorted((r for r in changed if r.improvement < 0), key=lambda r: r.improvement)[
            :3
        ],
        overdue=list(overdue.select_related("touchpoint")[:5]),
        overdue_count=overdue.count(),
        measured=list(
            Improvement.objects.filter(
                organization=organization, status="measured", measured_at__gte=since
            ).select_related("touchpoint")
        ),
    )


def _recipients(organization: Organization) -> list[Membership]:
    return list(
        Membership.objects.filter(
            organization=organization,
            role__in=[Role.OWNER, Role.MANAGER],
            weekly_digest=True,
        ).select_related("user")
    )


def compose(data: Contents, membership: Membership) -> tuple[str, str, str]:
    """Subject, text and HTML in the organization's language."""
    organization = data.organization
    context = {
        "data": data,
        "membership": membership,
        "overview_url": settings.SITE_URL + reverse("insights:overview", args=[organization.slug]),
        "inbox_url": settings.SITE_URL + reverse("cases:inbox", args=[organization.slug]),
        "stop_url": stop_url(membership),
        "site_url": settings.SITE_URL,
    }
    with translation.override(organization.language):
        subject = " ".join(render_to_string("insights/email/digest_subject.txt", context).split())
        text = render_to_string("insights/email/digest_body.txt", context)
        html = render_to_string("insights/email/digest_body.html", context)
    return subject, text, html


def send_weekly_digests(now: datetime | None = None) -> int:
    """On Monday from 07:00 local time, last week's digest for each organization, once."""
    if not settings.POLKU_WEEKLY_DIGEST:
        return 0
    local = timezone.localtime(now or timezone.now())
    if local.weekday() != 0 or local.hour < SEND_FROM_HOUR:
        return 0
    monday = local.date()
    sent = 0
    done = Digest.objects.filter(week_start=monday).values("organization_id")
    for organization in Organization.objects.exclude(pk__in=done):
        recipients = _recipients(organization)
        data = contents(organization, monday)
        try:
            with one_writer(), transaction.atomic():
                Digest.objects.create(organization=organization, week_start=monday)
                for membership in recipients:
                    subject, text, html = compose(data, membership)
                    queue_email(
                        organization=organization,
                        to=membership.user.email,
                        subject=subject,
                        body_text=text,
                        body_html=html,
                        headers={"List-Unsubscribe": f"<{stop_url(membership)}>"},
                    )
                    sent += 1
        except IntegrityError:
            continue  # another worker made this week's digest
    return sent
