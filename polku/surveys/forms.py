"""Forms of the survey builder. Texts are asked per language and kept as {lang: text}."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership, Organization
from polku.journeys.models import Touchpoint

from .kinds import CHOICE_KINDS
from .models import Question, Survey
from .presets import PRESETS

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def touchpoint_field(organization: Organization) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=_("Touchpoint"),
        queryset=Touchpoint.objects.filter(organization=organization).select_related("stage"),
        required=False,
        empty_label=_("— not tied to a touchpoint —"),
        help_text=_("Answers are counted for this touchpoint on the journey map."),
    )
    field.label_from_instance = lambda t: f"{t.stage} · {t.name}"
    return field


class SurveyNewForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    preset = forms.ChoiceField(
        label=_("Start from"),
        widget=forms.RadioSelect,
        choices=[("", _("A blank survey"))] + [(key, p["label"]) for key, p in PRESETS.items()],
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Respondents see their own language and can switch."),
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"] = touchpoint_field(organization)


class LocalizedFieldsMixin:
    """Adds `<name>_<lang>` fields for each text and reads them back as dicts."""

    localized: dict[str, tuple[str, type[forms.Field], dict]] = {}

    def add_localized_fields(self, initial_from) -> None:
        for name, (label, field_class, options) in self.localized.items():
            values = getattr(initial_from, name, None) or {}
            for code, language in settings.LANGUAGES:
                self.fields[f"{name}_{code}"] = field_class(
                    label=f"{label} ({language})",
                    required=False,
                    initial=values.get(code, ""),
                    **options,
                )

    def localized_value(self, name: str) -> dict:
        return {
            code: self.cleaned_data[f"{name}_{code}"].strip()
            for code in LANGUAGE_CODES
            if self.cleaned_data.get(f"{name}_{code}", "").strip()
        }


TEXTAREA = {"widget": forms.Textarea(attrs={"rows": 2}), "max_length": 1000}


class SurveySettingsForm(LocalizedFieldsMixin, forms.ModelForm):
    localized = {
        "title": (_("Title"), forms.CharField, {"max_length": 200}),
        "intro": (_("Introduction"), forms.CharField, TEXTAREA),
        "thanks": (_("Thank-you text"), forms.CharField, TEXTAREA),
        "incentive": (_("Incentive (e.g. a prize draw)"), forms.CharField, TEXTAREA),
    }

    review_url = forms.URLField(
        label=_("Review link"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "Shown on the thank-you page: where a happy customer can leave a public review."
        ),
    )

    class Meta:
        model = Survey
        fields = ["name", "review_url"]

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"] = touchpoint_field(organization)
        self.fields["touchpoint"].initial = self.instance.touchpoint_id
        self.add_localized_fields(self.instance)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"title_{code}", "").strip() for code in LANGUAGE_CODES):
            raise forms.ValidationError(
                _(
                    "Give a title in at least one language: the survey is offered in the "
                    "languages that have a title."
                )
            )
        return cleaned

    def save(self, commit: bool = True) -> Survey:
        survey = super().save(commit=False)
        survey.touchpoint = self.cleaned_data["touchpoint"]
        for name in self.localized:
            setattr(survey, name, self.localized_value(name))
        if commit:
            survey.save()
        return survey


class QuestionForm(LocalizedFieldsMixin, forms.ModelForm):
    localized = {
        "text": (_("Question"), forms.CharField, {"max_length": 500}),
        "help": (_("Help text"), forms.CharField, {"max_length": 500}),
        "choices": (
            _("Options, one per line"),
            forms.CharField,
            {"widget": forms.Textarea(attrs={"rows": 4}), "max_length": 2000},
        ),
    }

    max_rating = forms.TypedChoiceField(
        label=_("Stars"),
        choices=[(5, "5"), (10, "10")],
        coerce=int,
        initial=5,
        help_text=_("For ratings only."),
    )

    class Meta:
        model = Question
        fields = ["kind", "required", "max_rating"]

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.add_localized_fields(self.instance)
        for code in LANGUAGE_CODES:
            self.fields[f"choices_{code}"].initial = "\n".join(
                c["text"].get(code, "") for c in self.instance.choices
            ).strip()

    def clean(self):
        cleaned = super().clean()
        languages = self.survey.languages or LANGUAGE_CODES[:1]
        for code in languages:
            if not cleaned.get(f"text_{code}", "").strip():
                self.add_error(f"text_{code}", _("Write the question in this language too."))
        if cleaned.get("kind") in CHOICE_KINDS:
            lines = {
                code: [
                    line.strip()
                    for line in cleaned.get(f"choices_{code}", "").splitlines()
                    if line.strip()
                ]
                for code in languages
            }
            counts = {len(options) for options in lines.values()}
            if min(counts, default=0) < 2:
                self.add_error(f"choices_{languages[0]}", _("Give at least two options."))
            elif len(counts) > 1:
                self.add_error(
                    f"choices_{languages[0]}",
                    _("Give the same number of options in every language, in the same order."),
                )
            else:
                self.choice_lines = lines
        return cleaned

    def save(self, commit: bool = True) -> Question:
        question = super().save(commit=False)
        question.organization_id = self.survey.organization_id
        question.survey = self.survey
        question.text = self.localized_value("text")
        question.help = self.localized_value("help")
        if question.kind in CHOICE_KINDS:
            lines = self.choice_lines
            count = len(next(iter(lines.values())))
            question.choices = [
                {"key": f"c{i + 1}", "text": {code: lines[code][i] for code in lines}}
                for i in range(count)
            ]
        else:
            question.choices = []
        if commit:
            question.save()
        return question


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Customer's email address"), required=False)
    name = forms.CharField(label=_("Customer's name"), max_length=200, required=False)
    employee = forms.ModelChoiceField(
        label=_("Employee who served"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("— nobody in particular —"),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["employee"]
        field.queryset = (
            Membership.objects.filter(organization=organization)
            .select_related("user")
            .order_by("user__display_name")
        )
        field.label_from_instance = lambda m: m.user.display_name
