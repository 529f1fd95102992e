from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organization

# GDPR wants a period, not "for ever"; ten years covers any bookkeeping duty.
SHORTEST_MONTHS, LONGEST_MONTHS = 1, 120


class RetentionForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["retention_months"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["retention_months"]
        field.min_value, field.max_value = SHORTEST_MONTHS, LONGEST_MONTHS
        field.widget.attrs.update(min=SHORTEST_MONTHS, max=LONGEST_MONTHS)

    def clean_retention_months(self) -> int:
        months = self.cleaned_data["retention_months"]
        if not SHORTEST_MONTHS <= months <= LONGEST_MONTHS:
            raise forms.ValidationError(
                _("Between %(low)d and %(high)d months.")
                % {"low": SHORTEST_MONTHS, "high": LONGEST_MONTHS}
            )
        return months


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
