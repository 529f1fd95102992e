"""Cases: a piece of feedback or a complaint that a named person answers and resolves."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership, Organization
from polku.customers.models import Customer
from polku.journeys.models import Channel, ChannelKind, Touchpoint
from polku.lib.indexes import where_set
from polku.outbox.models import OutboxEmail
from polku.surveys.models import Response


class Case(models.Model):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback")
        COMPLAINT = "complaint", _("Complaint")
        PRAISE = "praise", _("Praise")
        QUESTION = "question", _("Question")

    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        NORMAL = 2, _("Normal")
        LOW = 3, _("Low")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting for the customer")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    # Indexed first in Meta.indexes, and the optional keys only where set
    # (polku.lib.indexes): fewer indexes for each case opened by an answer to go into.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    response = models.OneToOneField(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="case"
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("customer"),
        db_index=False,
    )
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("touchpoint"),
        db_index=False,
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("channel"),
        db_index=False,
    )
    # How a case opened by hand came in (phone, store, email, social media…).
    came_by = models.CharField(
        _("came in by"), max_length=20, choices=ChannelKind.choices, blank=True
    )
    employee = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee involved"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.FEEDBACK)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("assignee"),
        db_index=False,
    )
    summary = models.TextField(_("what the customer said"))
    due_at = models.DateTimeField(_("due"))
    tags = models.JSONField(_("tags"), default=list, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Set when the assignee and the managers were told the case is overdue: once.
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["priority", "due_at", "pk"]
        indexes = [
            models.Index(fields=["organization", "status", "due_at"]),
            *(
                where_set("case", f)
                for f in ("customer", "touchpoint", "channel", "employee", "assignee")
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.summary[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.RESOLVED, self.Status.CLOSED)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < timezone.now()


class CaseEntry(models.Model):
    """One line of a case's timeline: what happened, when, and who did it."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Opened")
        NOTE = "note", _("Internal note")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        TAGGED = "tagged", _("Tags changed")
        RESOLVED = "resolved", _("Resolved")
        REPLY = "reply", _("Reply to the customer")
        CUSTOMER_REPLY = "customer_reply", _("The customer replied")
        TOLD = "told", _("Told the customer how it was fixed")
        NOT_TOLD = "not_told", _("Not told the customer, because")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    author = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True)
    # The status a case was moved to (a STATUS entry), kept as its value so that each reader
    # sees it in their own language, not in the language of whoever changed it.
    status = models.CharField(max_length=12, choices=Case.Status.choices, blank=True)
    at = models.DateTimeField(default=timezone.now)
    # The email of a reply, for its delivery status and its Message-ID (threading).
    email = models.OneToOneField(
        OutboxEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def shown_text(self) -> str:
        """The entry's text on the timeline: what Polku itself says (a new status, nobody
        assigned) in the reader's language, the staff's own words as they wrote them."""
        if self.status:
            return str(self.get_status_display())
        if self.kind == self.Kind.ASSIGNED and not self.text:
            return gettext("nobody")
        return self.text
