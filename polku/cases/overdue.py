"""Telling people about overdue cases: the assignee and the organization's owners and
managers get one email per case, from the worker's tick."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from polku.accounts.models import Membership, Role
from polku.lib.sqlite_writes import one_writer
from polku.outbox.sending import queue_email
from polku.webhooks import events as webhook_events

from .models import Case

BATCH = 200


def _managers(organization_id: int) -> set[str]:
    return set(
        Membership.objects.filter(
            organization_id=organization_id, role__in=[Role.OWNER, Role.MANAGER]
        ).values_list("user__email", flat=True)
    )


def notify_overdue(now=None) -> int:
    """Tell the assignee and the managers, once, about each case past its due time."""
    now = now or timezone.now()
    told = 0
    managers: dict[int, set[str]] = {}
    overdue = (
        Case.objects.filter(due_at__lt=now, overdue_notified_at__isnull=True)
        .exclude(status__in=[Case.Status.RESOLVED, Case.Status.CLOSED])
        .select_related("organization", "assignee__user")
        .order_by("pk")
    )
    for case in overdue[:BATCH]:
        with one_writer(), transaction.atomic():
            if not Case.objects.filter(pk=case.pk, overdue_notified_at__isnull=True).update(
                overdue_notified_at=now
            ):
                continue  # another worker told them
            if case.organization_id not in managers:
                managers[case.organization_id] = _managers(case.organization_id)
            people = set(managers[case.organization_id])
            if case.assignee:
                people.add(case.assignee.user.email)
            webhook_events.case_overdue(case)
            subject, text = _message(case)
            for address in sorted(people):
                queue_email(
                    organization=case.organization,
                    to=address,
                    subject=subject,
                    body_text=text,
                    body_html="",
                )
            told += 1
    return told


def _message(case: Case) -> tuple[str, str]:
    link = settings.SITE_URL + reverse("cases:detail", args=[case.organization.slug, case.pk])
    with translation.override(case.organization.language):
        subject = _("Case %(number)d is overdue") % {"number": case.pk}
        text = _(
            "Case %(number)d was due %(due)s and has not been resolved:\n\n%(summary)s\n\n%(link)s"
        ) % {
            "number": case.pk,
            "due": formats.date_format(timezone.localtime(case.due_at), "SHORT_DATETIME_FORMAT"),
            "summary": case.summary[:500],
            "link": link,
        }
    return subject, text
