"""The few business figures a small business follows beside its customers' satisfaction,
the weekly digest's record, and customer segments with their members and running totals."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership, Organization
from polku.customers.models import Customer
from polku.journeys.models import Channel, Persona, Touchpoint
from polku.surveys.models import RollupCounters, Survey

MONEY = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}


class KpiEntry(models.Model):
    """One month's (or week's) figures, entered by hand, imported or sent through the API."""

    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        WEEK = "week", _("Week")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("period"), max_length=5, choices=Period.choices, default="month")
    # The first day of the month, or the Monday of the week.
    starts = models.DateField(_("starts"))
    cash = models.DecimalField(_("cash at the end"), **MONEY)
    sales = models.DecimalField(_("sales"), **MONEY)
    leads = models.PositiveIntegerField(_("leads"), null=True, blank=True)
    visitors = models.PositiveIntegerField(_("webshop visitors"), null=True, blank=True)
    conversion = models.DecimalField(
        _("conversion (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    average_order = models.DecimalField(_("average order"), **MONEY)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("KPI entry")
        verbose_name_plural = _("KPI entries")
        ordering = ["-starts", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period", "starts"], name="one_kpi_entry_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.starts}"


class Digest(models.Model):
    """That an organization's weekly digest of a week was made: one row, one sending."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()  # the Monday it was sent
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "week_start"], name="one_digest_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.week_start}"


class Segment(models.Model):
    """A group of customers described by rules on what they bought and said.

    Every condition that is set must hold (they are joined with AND); an empty one is not
    looked at. Members are counted again by the worker every hour and on each save
    (polku.insights.segments).
    """

    class NpsCategory(models.TextChoices):
        PROMOTER = "promoter", _("Promoters (latest NPS 9–10)")
        PASSIVE = "passive", _("Passives (latest NPS 7–8)")
        DETRACTOR = "detractor", _("Detractors (latest NPS 0–6)")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    min_orders = models.PositiveIntegerField(_("orders at least"), null=True, blank=True)
    max_orders = models.PositiveIntegerField(_("orders at most"), null=True, blank=True)
    min_spend = models.DecimalField(
        _("spent at least (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_spend = models.DecimalField(
        _("spent at most (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    order_days = models.PositiveIntegerField(
        _("orders and spend over the last … days"),
        null=True,
        blank=True,
        help_text=_("Leave empty to count every order ever."),
    )
    bought_within_days = models.PositiveIntegerField(
        _("last order at most … days ago"), null=True, blank=True
    )
    not_bought_days = models.PositiveIntegerField(
        _("no order in the last … days"),
        null=True,
        blank=True,
        help_text=_("Customers who have ordered before, but not lately."),
    )
    tags = models.JSONField(_("has every one of these tags"), default=list, blank=True)
    without_tags = models.JSONField(_("has none of these tags"), default=list, blank=True)
    persona = models.ForeignKey(
        Persona,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="segments",
        verbose_name=_("persona"),
    )
    nps_category = models.CharField(
        _("NPS category"), max_length=10, choices=NpsCategory.choices, blank=True
    )
    member_count = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="segment_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SegmentMember(models.Model):
    """That a customer is in a segment now (as last counted)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="members")
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="segment_memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "customer"], name="one_membership_per_segment"
            )
        ]
        indexes = [models.Index(fields=["customer"])]

    def __str__(self) -> str:
        return f"{self.segment}: {self.customer_id}"


class SegmentRollup(RollupCounters):
    """A segment's running totals: the answers of its members, sliced like ResponseRollup.

    Kept in the transaction that stores each response of a member, and moved when a
    customer joins or leaves the segment, so a segment's figures read no raw answers.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, null=True, related_name="+"
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, null=True, related_name="+")
    employee = models.ForeignKey(Membership, on_delete=models.CASCADE, null=True, related_name="+")
    slice_key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "survey", "day", "slice_key"], name="one_segment_rollup"
            )
        ]
        indexes = [models.Index(fields=["segment", "day"])]

    def __str__(self) -> str:
        return f"{self.segment} {self.survey} {self.day}: {self.responses}"
