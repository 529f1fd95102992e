"""Forms of the KPI pages, the revenue model and the segments."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from polku.journeys.forms import OrganizationScopedForm

from .models import KpiEntry, Segment


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


class TagListField(forms.CharField):
    """Tags typed as "kanta-asiakas, uutiskirje" (commas or semicolons), kept as a list."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        tags = list(dict.fromkeys(t.strip() for t in text.replace(";", ",").split(",")))
        tags = [t for t in tags if t]
        if any(len(t) > 50 for t in tags):
            raise forms.ValidationError(_("A tag is at most 50 characters long."))
        if len(tags) > 20:
            raise forms.ValidationError(_("At most 20 tags."))
        return tags


class SegmentForm(OrganizationScopedForm):
    unique_name = True
    tags = TagListField(
        label=_("Has every one of these tags"),
        required=False,
        max_length=1000,
        help_text=_("Separate tags with commas."),
    )
    without_tags = TagListField(label=_("Has none of these tags"), required=False, max_length=1000)

    class Meta:
        model = Segment
        fields = [
            "name",
            "min_orders",
            "max_orders",
            "min_spend",
            "max_spend",
            "order_days",
            "bought_within_days",
            "not_bought_days",
            "tags",
            "without_tags",
            "persona",
            "nps_category",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persona"].empty_label = _("any")
        self.fields["nps_category"].choices = [("", _("any"))] + Segment.NpsCategory.choices
        for name in ("min_spend", "max_spend"):
            self.fields[name].min_value = 0
            self.fields[name].validators.append(MinValueValidator(0))
        for name in ("order_days", "bought_within_days", "not_bought_days"):
            self.fields[name].validators.append(MaxValueValidator(3650))
            self.fields[name].widget.attrs["max"] = 3650

    def clean(self):
        data = super().clean()
        conditions = [name for name in self.Meta.fields if name != "name"]
        if not any(data.get(name) not in (None, "", []) for name in conditions):
            raise forms.ValidationError(
                _("Set at least one condition: a segment of every customer is not a segment.")
            )
        for low, high in (("min_orders", "max_orders"), ("min_spend", "max_spend")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, _("This is below the lower limit."))
        within, not_since = data.get("bought_within_days"), data.get("not_bought_days")
        if within is not None and not_since is not None and not_since >= within:
            self.add_error(
                "not_bought_days",
                _(
                    "No customer can have ordered in the last %(within)d days and not in the "
                    "last %(not_since)d days."
                )
                % {"within": within, "not_since": not_since},
            )
        if data.get("order_days") is not None and not any(
            data.get(name) is not None
            for name in ("min_orders", "max_orders", "min_spend", "max_spend")
        ):
            self.add_error(
                "order_days", _("The days count orders and spend: set a limit for either.")
            )
        overlap = set(data.get("tags") or []) & set(data.get("without_tags") or [])
        if overlap:
            self.add_error(
                "without_tags",
                _("A tag cannot be both required and excluded: %(tags)s")
                % {"tags": ", ".join(sorted(overlap))},
            )
        return data


class CompareForm(forms.Form):
    """Which slice (and which second slice) of which figure, over which period."""

    by = forms.ChoiceField(label=_("Rows"))
    then = forms.ChoiceField(label=_("Columns"), required=False)
    figure = forms.ChoiceField(
        label=_("Figure"),
        required=False,
        choices=[
            ("nps", "NPS"),
            ("csat", "CSAT"),
            ("ces", _("Ease (CES)")),
            ("rating", _("Stars")),
            ("gap", _("Expectation gap")),
            ("responses", _("Answers")),
        ],
    )
    days = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        required=False,
        empty_value=90,
        choices=[(30, _("last 30 days")), (90, _("last 90 days")), (365, _("last 365 days"))],
    )

    def __init__(self, *args, dimensions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = list(dimensions.items())
        self.fields["then"].choices = [("", _("— none —")), *dimensions.items()]

    def clean(self):
        data = super().clean()
        if data.get("by") and data.get("by") == data.get("then"):
            self.add_error("then", _("Choose a different slice for the columns than the rows."))
        return data
