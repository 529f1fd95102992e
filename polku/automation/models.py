"""Automation: rules that turn events into survey invitations, the invitations themselves
(one signed, single-use, expiring link per customer), delivery notices, and the message
templates an organization writes for them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from polku.accounts.models import Membership, Organization
from polku.customers.models import Customer, Event
from polku.insights.models import Segment
from polku.journeys.models import Channel, Touchpoint
from polku.outbox.models import OutboxEmail
from polku.surveys.models import Response, Survey

INVITATION_VALID_FOR = timedelta(days=30)


def _expiry():
    return timezone.now() + INVITATION_VALID_FOR


class Rule(models.Model):
    """When an event of this kind happens (at this touchpoint), invite to a survey later."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    event_kind = models.CharField(_("when"), max_length=20, choices=Event.Kind.choices)
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("at touchpoint"),
        help_text=_("Leave empty for events at any touchpoint."),
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="+", verbose_name=_("survey")
    )
    delay_minutes = models.PositiveIntegerField(_("delay in minutes"))
    # Checked when the invitation is due, on the customer's figures of that moment.
    segment = models.ForeignKey(
        Segment,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("only customers in segment"),
        help_text=_("Leave empty to invite every customer the event is about."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_event_kind_display()} → {self.survey}"

    @property
    def delay(self) -> timedelta:
        return timedelta(minutes=self.delay_minutes)

    def delay_text(self) -> str:
        minutes = self.delay_minutes
        if minutes and minutes % (24 * 60) == 0:
            days = minutes // (24 * 60)
            return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
        if minutes and minutes % 60 == 0:
            hours = minutes // 60
            return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


class Invitation(models.Model):
    """Carries who is asked, about which touchpoint and channel, and who served them."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent")

    class Skip(models.TextChoices):
        NO_EMAIL = "no_email", _("no email address")
        NO_CONSENT = "no_consent", _("no consent to surveys")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        RECENTLY_INVITED = "recently_invited", _("invited recently")
        SURVEY_CLOSED = "survey_closed", _("survey not open")
        RULE_REMOVED = "rule_removed", _("rule removed")
        NOT_IN_SEGMENT = "not_in_segment", _("not in the rule's segment")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    employee = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee who served"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_expiry)
    response = models.OneToOneField(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    # Sent by a rule: the rule, the event that set it off, and when it is due.
    rule = models.ForeignKey(Rule, on_delete=models.SET_NULL, null=True, blank=True)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    send_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SCHEDULED
    )
    skip_reason = models.CharField(max_length=20, choices=Skip.choices, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    email = models.OneToOneField(
        OutboxEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_email = models.OneToOneField(
        OutboxEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A rule invites once per event, however many workers look at the event.
            models.UniqueConstraint(fields=["rule", "event"], name="one_invitation_per_rule_event")
        ]
        indexes = [
            models.Index(
                fields=["send_at"], condition=models.Q(state="scheduled"), name="invitation_due"
            ),
            models.Index(fields=["customer", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.customer or '—'}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class DeliveryNotice(models.Model):
    """A late order, told to its customer before they ask: at most one per order."""

    class Reason(models.TextChoices):
        DELAYED = "delayed", _("Delay reported")
        OVERDUE = "overdue", _("Promised delivery time passed")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    order_reference = models.CharField(_("order"), max_length=100)
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(_("noticed"), default=timezone.now)
    email = models.OneToOneField(
        OutboxEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    skip_reason = models.CharField(max_length=20, choices=Invitation.Skip.choices, blank=True)

    class Meta:
        verbose_name = _("delivery notice")
        verbose_name_plural = _("delivery notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "order_reference"], name="one_notice_per_order"
            )
        ]

    def __str__(self) -> str:
        return self.order_reference


class MessageTemplate(models.Model):
    """An organization's own wording of one kind of message in one language."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Survey invitation")
        REMINDER = "reminder", _("Reminder")
        DELIVERY_NOTICE = "delivery_notice", _("Delivery notice")
        CASE_REPLY = "case_reply", _("Reply to feedback")
        FIX_TOLD = "fix_told", _("How we fixed it")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "language"], name="one_template_per_kind_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"
