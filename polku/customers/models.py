"""Customers of an organization: who answered, whom to invite."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organization


class Customer(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["organization", "email"])]

    def __str__(self) -> str:
        return self.name or self.email or _("anonymous customer")
