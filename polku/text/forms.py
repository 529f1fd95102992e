"""Forms of the comment pages: a theme's names and rules, and the comment filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.journeys.models import Touchpoint

from .lemmas import LANGUAGES
from .models import Sentiment, Theme
from .rules import MAX_RULE, RuleError, compile_rule

LANGUAGE_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}


class ThemeForm(forms.Form):
    """Names and rules per language, as separate fields, into the theme's JSON."""

    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        for code in LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": LANGUAGE_NAMES[code]},
                required=False,
                max_length=80,
                initial=(theme.name or {}).get(code, ""),
            )
        for code in LANGUAGES:
            self.fields[f"rule_{code}"] = forms.CharField(
                label=_("Rule in %(language)s") % {"language": LANGUAGE_NAMES[code]},
                required=False,
                max_length=MAX_RULE,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=(theme.rules or {}).get(code, ""),
            )
        self.fields["active"].initial = theme.active if theme.pk else True
        self.order_fields([*(f"name_{c}" for c in LANGUAGES), *(f"rule_{c}" for c in LANGUAGES)])

    def clean(self):
        data = super().clean()
        for code in LANGUAGES:
            rule = (data.get(f"rule_{code}") or "").strip()
            if rule:
                try:
                    compile_rule(rule, code)
                except RuleError as error:
                    self.add_error(f"rule_{code}", str(error))
        if not any((data.get(f"name_{c}") or "").strip() for c in LANGUAGES):
            raise forms.ValidationError(_("Give the theme a name in at least one language."))
        if not any((data.get(f"rule_{c}") or "").strip() for c in LANGUAGES):
            raise forms.ValidationError(_("Write a rule in at least one language."))
        return data

    def apply(self) -> Theme:
        theme, data = self.theme, self.cleaned_data
        theme.name = {c: data[f"name_{c}"].strip() for c in LANGUAGES if data[f"name_{c}"].strip()}
        theme.rules = {c: data[f"rule_{c}"].strip() for c in LANGUAGES if data[f"rule_{c}"].strip()}
        theme.active = data["active"]
        return theme


PERIODS = [(30, _("last 30 days")), (90, _("last 90 days")), (365, _("last 365 days"))]


class CommentFilter(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("any")
    )
    without_theme = forms.BooleanField(label=_("Only comments with no theme"), required=False)
    sentiment = forms.ChoiceField(
        label=_("Sentiment"), choices=[("", _("any")), *Sentiment.choices], required=False
    )
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"),
        queryset=Touchpoint.objects.none(),
        required=False,
        empty_label=_("any"),
    )
    days = forms.TypedChoiceField(
        label=_("Period"),
        choices=PERIODS,
        coerce=int,
        required=False,
        empty_value=365,
        initial=365,
    )
    q = forms.CharField(label=_("Words"), required=False, max_length=100)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(organization=organization)
        self.fields["touchpoint"].queryset = Touchpoint.objects.filter(organization=organization)
