"""Forms for rules and message templates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.insights.models import Segment
from polku.journeys.models import Touchpoint
from polku.surveys.models import Survey

from .messages import template_errors
from .models import MessageTemplate, Rule

UNITS = {"minutes": 1, "hours": 60, "days": 24 * 60}
MAX_DELAY_MINUTES = 90 * 24 * 60


class RuleForm(forms.ModelForm):
    delay = forms.IntegerField(label=_("Delay"), min_value=0, initial=2)
    delay_unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[("minutes", _("minutes")), ("hours", _("hours")), ("days", _("days"))],
        initial="days",
    )

    class Meta:
        model = Rule
        fields = ["event_kind", "touchpoint", "survey", "segment", "active"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["touchpoint"].queryset = Touchpoint.objects.filter(organization=organization)
        self.fields["survey"].queryset = Survey.objects.filter(organization=organization).exclude(
            status=Survey.Status.CLOSED
        )
        self.fields["survey"].help_text = _("The survey must be published before it is sent.")
        self.fields["segment"].queryset = Segment.objects.filter(organization=organization)
        self.fields["segment"].empty_label = _("every customer")
        # Order the fields as the sentence reads: when K at T, after D, invite S's customers
        # to the survey.
        self.order_fields(
            ["event_kind", "touchpoint", "delay", "delay_unit", "survey", "segment", "active"]
        )
        if self.instance.pk:
            minutes = self.instance.delay_minutes
            unit = next(u for u in ("days", "hours", "minutes") if minutes % UNITS[u] == 0)
            self.initial.update(delay=minutes // UNITS[unit], delay_unit=unit)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("delay") is not None and cleaned.get("delay_unit") in UNITS:
            minutes = cleaned["delay"] * UNITS[cleaned["delay_unit"]]
            if minutes > MAX_DELAY_MINUTES:
                self.add_error("delay", _("The delay can be at most 90 days."))
            cleaned["delay_minutes"] = minutes
        return cleaned

    def save(self, commit=True):
        rule = super().save(commit=False)
        rule.organization = self.organization
        rule.delay_minutes = self.cleaned_data["delay_minutes"]
        if commit:
            rule.save()
        return rule


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def clean(self):
        cleaned = super().clean()
        for name in ("subject", "body"):
            # The link must be in the message; the subject need not have it.
            errors = template_errors(
                self.instance.kind, cleaned.get(name) or "", check_required=name == "body"
            )
            for error in errors:
                self.add_error(name, error)
        return cleaned
