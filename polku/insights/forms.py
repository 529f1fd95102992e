"""Forms of the KPI pages and the revenue model."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import KpiEntry


class KpiEntryForm(forms.ModelForm):
    starts = forms.DateField(
        label=_("Month or week starting"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Any day of the month (or week): the entry is for the whole of it."),
    )

    class Meta:
        model = KpiEntry
        fields = [
            "period",
            "starts",
            "cash",
            "sales",
            "leads",
            "visitors",
            "conversion",
            "average_order",
        ]


class KpiImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: starts (2026-10 or a date), and any of period, cash, sales, leads, "
            "visitors, conversion, average_order."
        ),
    )
    dry_run = forms.BooleanField(label=_("Only check the file"), required=False)


class RevenueForm(forms.Form):
    """Now and what if: visitors × conversion × average order, twice."""

    visitors = forms.IntegerField(label=_("Visitors"), min_value=0, max_value=10**10)
    conversion = forms.DecimalField(
        label=_("Conversion (%)"), min_value=Decimal(0), max_value=Decimal(100), decimal_places=2
    )
    average_order = forms.DecimalField(
        label=_("Average order (€)"), min_value=Decimal(0), max_digits=12, decimal_places=2
    )
    visitors2 = forms.IntegerField(label=_("Visitors"), min_value=0, max_value=10**10)
    conversion2 = forms.DecimalField(
        label=_("Conversion (%)"), min_value=Decimal(0), max_value=Decimal(100), decimal_places=2
    )
    average_order2 = forms.DecimalField(
        label=_("Average order (€)"), min_value=Decimal(0), max_digits=12, decimal_places=2
    )
