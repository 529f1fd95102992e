"""The few business figures a small business follows beside its customers' satisfaction."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organization

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
