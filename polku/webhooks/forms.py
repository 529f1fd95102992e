from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Subscription, Topic


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where Polku posts, e.g. https://example.fi/polku-hook"),
    )
    topics = forms.MultipleChoiceField(
        label=_("What to send"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing to send.")},
    )

    class Meta:
        model = Subscription
        fields = ["url", "topics"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("The address must start with https:// or http://."))
        return url
