"""What the worker does on every tick: events → invitations, due invitations → email,
reminders, late orders → notices, and then sending what is due.

Every step is safe to run in several workers at once and again after a crash: rows are
taken with SKIP LOCKED on PostgreSQL (SQLite takes one writer at a time anyway), each state
change and the email it queues are written in one transaction, and unique constraints
stop a second invitation per rule and event or a second notice per order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from polku.accounts.models import Organization
from polku.cases.overdue import notify_overdue
from polku.customers.models import Consent, Customer, Event
from polku.insights.digest import send_weekly_digests
from polku.insights.segments import in_segment, refresh_due
from polku.lib.sqlite_writes import one_writer
from polku.outbox.sending import send_due_emails
from polku.privacy.retention import apply_retention
from polku.surveys.models import Survey
from polku.text.analysis import analyze_pending, rematch_themes
from polku.text.training import retrain_due
from polku.webhooks.sending import send_due_webhooks

from .messages import Kind, Wordings, queue_invitation_email, queue_notice_email
from .models import DeliveryNotice, Invitation, Rule

# Events older than this (after the rule's delay) are history, e.g. a year of orders
# imported at once: they are kept for figures but set off no invitations or notices.
NEWS_WINDOW = timedelta(days=14)
UNSUBSCRIBE_SOURCE = "unsubscribe"
# Rows per transaction: short enough that other writers (the web server) wait little.
BATCH = 100


def _unsubscribed(customer_id: int) -> bool:
    return Consent.objects.filter(
        customer_id=customer_id, purpose=Consent.Purpose.SURVEYS, source=UNSUBSCRIBE_SOURCE
    ).exists()


def apply_rules(now: datetime | None = None) -> int:
    """Turn events no rule has looked at into scheduled invitations and delay notices."""
    now = now or timezone.now()
    seen = 0
    rules_by_org: dict[int, list[Rule]] = {}
    while True:
        with one_writer(), transaction.atomic():
            events = list(
                Event.objects.filter(rules_applied=False)
                .order_by("pk")
                .select_for_update(skip_locked=True)[:BATCH]
            )
            if not events:
                return seen
            invitations = []
            for event in events:
                if event.organization_id not in rules_by_org:
                    rules_by_org[event.organization_id] = list(
                        Rule.objects.filter(organization_id=event.organization_id, active=True)
                        .select_related("survey__touchpoint")
                        .order_by("pk")
                    )
                invitations += _invitations_for(event, rules_by_org[event.organization_id], now)
                if (
                    event.kind == Event.Kind.ORDER_DELAYED
                    and event.occurred_at >= now - NEWS_WINDOW
                ):
                    notify_late_order(event, DeliveryNotice.Reason.DELAYED)
            Invitation.objects.bulk_create(invitations, ignore_conflicts=True)
            Event.objects.filter(pk__in=[e.pk for e in events]).update(rules_applied=True)
            seen += len(events)


def _invitations_for(event: Event, rules: list[Rule], now: datetime) -> list[Invitation]:
    if event.customer_id is None:
        return []
    found = []
    for rule in rules:
        if rule.event_kind != event.kind:
            continue
        if rule.touchpoint_id and rule.touchpoint_id != event.touchpoint_id:
            continue
        send_at = event.occurred_at + rule.delay
        if send_at < now - NEWS_WINDOW:
            continue
        touchpoint_id = event.touchpoint_id or rule.survey.touchpoint_id
        found.append(
            Invitation(
                organization_id=event.organization_id,
                survey_id=rule.survey_id,
                customer_id=event.customer_id,
                touchpoint_id=touchpoint_id,
                channel_id=event.channel_id
                or (rule.survey.touchpoint.channel_id if rule.survey.touchpoint else None),
                employee_id=event.employee_id,
                rule=rule,
                event=event,
                send_at=send_at,
                state=Invitation.State.SCHEDULED,
            )
        )
    return found


def skip_reason(invitation: Invitation, now: datetime) -> str:
    """Why this invitation may not be sent now; empty if it may."""
    customer = invitation.customer
    if customer is None or not customer.email:
        return Invitation.Skip.NO_EMAIL
    decisions = list(
        Consent.objects.filter(customer=customer, purpose=Consent.Purpose.SURVEYS)
        .order_by("given_at", "pk")
        .values_list("granted", "source")
    )
    # An unsubscribe wins over any consent given before or after it.
    if any(source == UNSUBSCRIBE_SOURCE for _granted, source in decisions):
        return Invitation.Skip.UNSUBSCRIBED
    if not decisions or not decisions[-1][0]:
        return Invitation.Skip.NO_CONSENT
    survey = invitation.survey
    if survey.status != Survey.Status.OPEN or survey.current_version_id is None:
        return Invitation.Skip.SURVEY_CLOSED
    rule = invitation.rule
    if rule is not None and rule.segment is not None:
        if not in_segment(rule.segment, customer.pk, now):
            return Invitation.Skip.NOT_IN_SEGMENT
    cap_days = invitation.organization.invitation_cap_days
    if (
        cap_days
        and Invitation.objects.filter(
            customer=customer,
            state=Invitation.State.SENT,
            sent_at__gt=now - timedelta(days=cap_days),
        )
        .exclude(pk=invitation.pk)
        .exists()
    ):
        return Invitation.Skip.RECENTLY_INVITED
    return ""


def send_due_invitations(now: datetime | None = None) -> int:
    """Queue the email of every invitation whose time has come, or record why not."""
    now = now or timezone.now()
    handled = 0
    wordings = Wordings()
    while True:
        with one_writer(), transaction.atomic():
            due = list(
                Invitation.objects.filter(state=Invitation.State.SCHEDULED, send_at__lte=now)
                .select_related(
                    "customer",
                    "organization__default_sender__user",
                    "survey__current_version",
                    "survey__organization",
                    "employee__user",
                    "rule__segment",
                )
                .order_by("send_at", "pk")
                .select_for_update(skip_locked=True, of=("self",))[:BATCH]
            )
            if not due:
                return handled
            for invitation in due:
                if invitation.customer_id and connection.vendor != "sqlite":
                    # One decision per customer at a time: two workers cannot both find
                    # "not invited lately" and send two invitations. (SQLite's write
                    # transaction already excludes every other writer.)
                    Customer.objects.select_for_update().filter(pk=invitation.customer_id).get()
                reason = skip_reason(invitation, now)
                if reason:
                    invitation.state, invitation.skip_reason = Invitation.State.SKIPPED, reason
                else:
                    invitation.email = queue_invitation_email(invitation, wordings=wordings)
                    invitation.state, invitation.sent_at = Invitation.State.SENT, now
                invitation.save(update_fields=["state", "skip_reason", "email", "sent_at"])
            handled += len(due)


def send_reminders(now: datetime | None = None) -> int:
    """One reminder, after the organization's chosen days, to those who have not answered."""
    now = now or timezone.now()
    sent = 0
    for organization in Organization.objects.filter(reminder_after_days__isnull=False):
        while True:
            with one_writer(), transaction.atomic():
                due = list(
                    Invitation.objects.filter(
                        organization=organization,
                        state=Invitation.State.SENT,
                        rule__isnull=False,
                        response__isnull=True,
                        reminder_email__isnull=True,
                        unsubscribed_at__isnull=True,
                        sent_at__lte=now - timedelta(days=organization.reminder_after_days),
                        expires_at__gt=now,
                        survey__status=Survey.Status.OPEN,
                    )
                    .exclude(
                        Exists(
                            Consent.objects.filter(
                                customer=OuterRef("customer"), source=UNSUBSCRIBE_SOURCE
                            )
                        )
                    )
                    .select_related(
                        "customer",
                        "survey__current_version",
                        "survey__organization",
                        "employee__user",
                    )
                    .order_by("pk")
                    .select_for_update(skip_locked=True, of=("self",))[:BATCH]
                )
                if not due:
                    break
                for invitation in due:
                    invitation.reminder_email = queue_invitation_email(invitation, Kind.REMINDER)
                    invitation.save(update_fields=["reminder_email"])
                sent += len(due)
    return sent


def notify_late_order(event: Event, reason: str) -> DeliveryNotice | None:
    """Tell the customer their order is late: once per order, whatever triggers it."""
    if not event.order_reference or event.customer_id is None:
        return None
    if DeliveryNotice.objects.filter(
        organization_id=event.organization_id, order_reference=event.order_reference
    ).exists():
        return None
    customer = Customer.objects.select_related("organization__default_sender__user").get(
        pk=event.customer_id
    )
    try:
        with transaction.atomic():
            notice = DeliveryNotice.objects.create(
                organization=customer.organization,
                order_reference=event.order_reference,
                customer=customer,
                event=event,
                reason=reason,
            )
            if customer.email:
                notice.email = queue_notice_email(notice, event.employee)
            else:
                notice.skip_reason = Invitation.Skip.NO_EMAIL
            notice.save(update_fields=["email", "skip_reason"])
    except IntegrityError:
        return None  # another worker noticed the same order first
    return notice


def notice_overdue_orders(now: datetime | None = None) -> int:
    """Orders whose promised delivery time has passed with no delivery and no notice yet."""
    now = now or timezone.now()
    overdue = (
        Event.objects.filter(
            kind=Event.Kind.ORDER_PLACED,
            promised_at__lt=now,
            promised_at__gte=now - NEWS_WINDOW,
            customer__isnull=False,
        )
        .exclude(order_reference="")
        .exclude(
            Exists(
                Event.objects.filter(
                    organization=OuterRef("organization"),
                    order_reference=OuterRef("order_reference"),
                    kind=Event.Kind.ORDER_DELIVERED,
                )
            )
        )
        .exclude(
            Exists(
                DeliveryNotice.objects.filter(
                    organization=OuterRef("organization"),
                    order_reference=OuterRef("order_reference"),
                )
            )
        )
        .select_related("employee")
        .order_by("promised_at", "pk")
    )
    noticed = 0
    for event in overdue[:BATCH]:
        with one_writer(), transaction.atomic():
            if notify_late_order(event, DeliveryNotice.Reason.OVERDUE):
                noticed += 1
    return noticed


@dataclass
class TickReport:
    events: int
    invitations: int
    reminders: int
    notices: int
    sent: int
    failed: int
    comments: int = 0


# Responses whose comments one tick reads at most: a big import is read over a few ticks,
# and the mail keeps going meanwhile.
COMMENTS_PER_TICK = 2000


def run_automation(worker_id: str) -> TickReport:
    events = apply_rules()
    refresh_due()
    comments = analyze_pending(limit=COMMENTS_PER_TICK) + rematch_themes()
    retrain_due()
    invitations = send_due_invitations()
    reminders = send_reminders()
    notices = notice_overdue_orders()
    notify_overdue()
    send_weekly_digests()
    apply_retention()
    send_due_webhooks()
    sending = send_due_emails(worker_id)
    return TickReport(
        events, invitations, reminders, notices, sending.sent, sending.failed, comments
    )


def unsubscribe(invitation: Invitation) -> None:
    """No more surveys to this customer: recorded once, honoured by every later step."""
    with one_writer(), transaction.atomic():
        now = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=now
        )
        if invitation.customer_id and not _unsubscribed(invitation.customer_id):
            Consent.objects.create(
                customer_id=invitation.customer_id,
                purpose=Consent.Purpose.SURVEYS,
                granted=False,
                given_at=now,
                source=UNSUBSCRIBE_SOURCE,
                wording="List-Unsubscribe",
            )


@dataclass
class LateOrders:
    told_first: int
    asked_first: int


def late_order_counts(organization: Organization, since: datetime, until: datetime) -> LateOrders:
    """Late orders in a period: how many customers we told first, how many asked first.

    A customer asked first when a support contact about the order came before our notice.
    """
    asked = Event.objects.filter(
        organization=organization,
        kind=Event.Kind.SUPPORT_CONTACT,
        order_reference=OuterRef("order_reference"),
        occurred_at__lt=OuterRef("created_at"),
    )
    notices = DeliveryNotice.objects.filter(
        organization=organization, created_at__gte=since, created_at__lt=until
    ).annotate(asked_first=Exists(asked))
    counts = notices.aggregate(total=Count("pk"), asked=Count("pk", filter=Q(asked_first=True)))
    return LateOrders(counts["total"] - counts["asked"], counts["asked"])
