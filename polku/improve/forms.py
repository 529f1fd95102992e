"""Forms of the backlog, the audits and the testimonial library."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.cases.forms import MemberChoiceField, members_of
from polku.cases.models import Case
from polku.journeys.models import Touchpoint

from .audits import PRESETS
from .models import AuditCheck, AuditResult, AuditSection, AuditTemplate, CheckKind, Improvement
from .testimonials import GOOD_PERCENT, TOP_PERCENT

PHOTO_MAX_BYTES = 10 * 1024 * 1024
ONE_TO_FIVE = [(n, str(n)) for n in range(1, 6)]


def _touchpoints(organization):
    return Touchpoint.objects.filter(organization=organization).order_by(
        "stage__position", "position", "pk"
    )


class ImprovementForm(forms.ModelForm):
    class Meta:
        model = Improvement
        fields = [
            "title",
            "description",
            "touchpoint",
            "impact",
            "effort",
            "owner",
            "status",
            "measure_days",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "impact": forms.RadioSelect(choices=ONE_TO_FIVE, attrs={"class": "scale"}),
            "effort": forms.RadioSelect(choices=ONE_TO_FIVE, attrs={"class": "scale"}),
        }
        field_classes = {"owner": MemberChoiceField}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = _touchpoints(organization)
        self.fields["touchpoint"].empty_label = _("the whole organization")
        self.fields["owner"].queryset = members_of(organization)
        self.fields["owner"].empty_label = _("nobody yet")
        # "Measured" is reached by recording the result, not by choosing it.
        if self.instance.status != Improvement.Status.MEASURED:
            self.fields["status"].choices = [
                (k, v) for k, v in Improvement.Status.choices if k != Improvement.Status.MEASURED
            ]


class BacklogFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("any")), ("open", _("not done yet"))] + Improvement.Status.choices,
        required=False,
    )
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"),
        queryset=Touchpoint.objects.none(),
        required=False,
        empty_label=_("any"),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = _touchpoints(organization)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class LinkCaseForm(forms.Form):
    case = forms.IntegerField(label=_("Case number"), min_value=1)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_case(self) -> Case:
        number = self.cleaned_data["case"]
        case = Case.objects.filter(organization=self.organization, pk=number).first()
        if case is None:
            raise forms.ValidationError(_("There is no case %(number)d.") % {"number": number})
        return case


class ResultForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Did it work?"), choices=Improvement.Verdict.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What we learned"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )


class NewTemplateForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Start from"),
        choices=[("", _("a blank checklist"))] + [(k, v["label"]) for k, v in PRESETS.items()],
        required=False,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to use the ready-made checklist's name."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("preset") and not data.get("name", "").strip():
            self.add_error("name", _("Give the blank checklist a name."))
        return data


class TemplateForm(forms.ModelForm):
    class Meta:
        model = AuditTemplate
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class SectionForm(forms.ModelForm):
    class Meta:
        model = AuditSection
        fields = ["title", "touchpoint"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = _touchpoints(organization)
        self.fields["touchpoint"].empty_label = _("none")


CheckFormSet = forms.modelformset_factory(
    AuditCheck, fields=["text", "kind"], extra=2, can_delete=True, max_num=40, validate_max=True
)


class StepForm(forms.Form):
    """The checks of one step of a walk: one answer, a note and a photo each."""

    def __init__(self, *args, results: list[AuditResult], **kwargs):
        super().__init__(*args, **kwargs)
        self.results = results
        for result in results:
            if result.kind == CheckKind.PASS_FAIL:
                choices = [("pass", _("Pass")), ("fail", _("Fail"))]
                initial = {True: "pass", False: "fail"}.get(result.passed)
            else:
                choices = ONE_TO_FIVE
                initial = result.score
            self.fields[f"r{result.pk}"] = forms.ChoiceField(
                label=result.text,
                choices=choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "thumb"}),
                initial=initial,
            )
            self.fields[f"note{result.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=2000,
                initial=result.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"photo{result.pk}"] = forms.ImageField(
                label=_("Photo"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "image/*", "capture": "environment"}
                ),
            )

    def clean(self):
        data = super().clean()
        for result in self.results:
            photo = data.get(f"photo{result.pk}")
            if photo and photo.size > PHOTO_MAX_BYTES:
                self.add_error(f"photo{result.pk}", _("The photo is over 10 MB."))
        return data

    def rows(self):
        """(result, answer field, note field, photo field) for the template."""
        return [
            (r, self[f"r{r.pk}"], self[f"note{r.pk}"], self[f"photo{r.pk}"]) for r in self.results
        ]

    def apply(self) -> list[AuditResult]:
        """Set each result from the cleaned data; the caller saves them."""
        for result in self.results:
            answer = self.cleaned_data.get(f"r{result.pk}") or ""
            if result.kind == CheckKind.PASS_FAIL:
                result.passed = {"pass": True, "fail": False}.get(answer)
            else:
                result.score = int(answer) if answer else None
            result.note = self.cleaned_data.get(f"note{result.pk}", "")
            photo = self.cleaned_data.get(f"photo{result.pk}")
            if photo is False:  # "clear" ticked
                result.photo = None
            elif photo:
                # Named after what Pillow found inside, not what the upload claimed.
                photo.name = f"photo.{(photo.image.format or 'bin').lower()}"
                result.photo = photo
        return self.results


class TestimonialFilterForm(forms.Form):
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"),
        queryset=Touchpoint.objects.none(),
        required=False,
        empty_label=_("any"),
    )
    score = forms.ChoiceField(
        label=_("Score"),
        required=False,
        choices=[
            ("", _("any")),
            (str(GOOD_PERCENT), _("good: 4–5 of 5, 8–10 of 10")),
            (str(TOP_PERCENT), _("top marks only")),
        ],
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = _touchpoints(organization)
