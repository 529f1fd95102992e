"""Forms of the journey map. Every choice list is limited to the current organization."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Organization

from .models import Channel, Persona, PersonaStep, Stage, Touchpoint


class OrganizationScopedForm(forms.ModelForm):
    """Limits related-object choices to `organization`; names unique where the model says so."""

    unique_name = False

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance.organization = organization
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = field.queryset.filter(organization=organization)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.unique_name:
            clash = (
                type(self.instance)
                .objects.filter(organization=self.organization, name__iexact=name)
                .exclude(pk=self.instance.pk)
            )
            if clash.exists():
                raise forms.ValidationError(_("This name is already in use. Choose another."))
        return name


class StageForm(OrganizationScopedForm):
    unique_name = True

    class Meta:
        model = Stage
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ChannelForm(OrganizationScopedForm):
    unique_name = True

    class Meta:
        model = Channel
        fields = ["name", "kind"]


class TouchpointForm(OrganizationScopedForm):
    class Meta:
        model = Touchpoint
        fields = [
            "name",
            "stage",
            "channel",
            "owner",
            "is_critical",
            "promise",
            "frontstage",
            "backstage",
            "support_processes",
        ]
        widgets = {
            field: forms.Textarea(attrs={"rows": 3})
            for field in ["promise", "frontstage", "backstage", "support_processes"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = owner.queryset.select_related("user").order_by("user__display_name")
        owner.label_from_instance = lambda membership: membership.user.display_name
        owner.empty_label = _("— nobody yet —")


class PersonaForm(OrganizationScopedForm):
    unique_name = True

    class Meta:
        model = Persona
        fields = [
            "name",
            "age",
            "home_town",
            "work",
            "family",
            "need",
            "values",
            "why_us",
            "typical_purchase",
            "preferred_channels",
        ]
        widgets = {
            "need": forms.Textarea(attrs={"rows": 3}),
            "values": forms.Textarea(attrs={"rows": 3}),
            "why_us": forms.Textarea(attrs={"rows": 3}),
            "preferred_channels": forms.CheckboxSelectMultiple,
        }


class PersonaStepForm(OrganizationScopedForm):
    class Meta:
        model = PersonaStep
        fields = ["touchpoint", "mood", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        touchpoint = self.fields["touchpoint"]
        touchpoint.queryset = touchpoint.queryset.select_related("stage", "channel")
        touchpoint.label_from_instance = lambda t: f"{t.stage} · {t.channel} · {t.name}"


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Journey file (JSON)"))
    replace = forms.BooleanField(
        label=_("Replace the current journey map of this organization"),
        help_text=_("Stages, channels, touchpoints and personas now in Polku are deleted."),
    )
