"""Forms of the inbox and the case page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership
from polku.insights.models import Segment
from polku.journeys.models import ChannelKind, Touchpoint
from polku.text.filters import sentiment_field, theme_field
from polku.text.models import Theme

from .models import Case

# The ways a complaint reaches a business outside the surveys.
CAME_BY = {"phone", "store", "email", "social", "webshop", "other"}
VIEWS = [
    ("open", _("Open")),
    ("mine", _("Mine")),
    ("unassigned", _("Unassigned")),
    ("overdue", _("Overdue")),
    ("all", _("All")),
]


def members_of(organization):
    return Membership.objects.filter(organization=organization).select_related("user")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.display_name or obj.user.email


class InboxFilterForm(forms.Form):
    view = forms.ChoiceField(label=_("Show"), choices=VIEWS, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("any"))] + Case.Status.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("any"))] + Case.Kind.choices, required=False
    )
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"),
        queryset=Touchpoint.objects.none(),
        required=False,
        empty_label=_("any"),
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=50)
    segment = forms.ModelChoiceField(
        label=_("Customer segment"),
        queryset=Segment.objects.none(),
        required=False,
        empty_label=_("any"),
    )

    theme = theme_field()
    sentiment = sentiment_field()

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = Touchpoint.objects.filter(organization=organization)
        self.fields["segment"].queryset = Segment.objects.filter(organization=organization)
        self.fields["theme"].queryset = Theme.objects.filter(organization=organization)


class BulkForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(queryset=Case.objects.none())
    assignee = MemberChoiceField(
        label=_("Assign to"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("nobody"),
    )
    tag = forms.SlugField(label=_("Add tag"), required=False, max_length=50, allow_unicode=True)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = Case.objects.filter(organization=organization)
        self.fields["assignee"].queryset = members_of(organization)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class StatusForm(forms.Form):
    # Resolving has its own form: it needs a resolution, and sometimes a word to the customer.
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(k, v) for k, v in Case.Status.choices if k != Case.Status.RESOLVED],
    )


class ReplyForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), max_length=10000
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("What was done, so the team can learn from it. Not sent to the customer."),
    )
    tell_subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    tell_text = forms.CharField(
        label=_("Tell the customer how it was fixed"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=10000,
    )
    not_told_because = forms.CharField(
        label=_("Or: why the customer is not told"),
        required=False,
        max_length=500,
        help_text=_("For example: the feedback was anonymous."),
    )


class AssignForm(forms.Form):
    assignee = MemberChoiceField(
        label=_("Assignee"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("nobody"),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members_of(organization)


class NewCaseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Case.Kind.choices, initial=Case.Kind.COMPLAINT
    )
    came_by = forms.ChoiceField(
        label=_("Came in by"),
        choices=[(k, v) for k, v in ChannelKind.choices if k in CAME_BY],
        initial="phone",
    )
    summary = forms.CharField(
        label=_("What the customer said"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    customer_email = forms.EmailField(label=_("Customer's email"), required=False)
    customer_name = forms.CharField(label=_("Customer's name"), required=False, max_length=200)
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"), queryset=Touchpoint.objects.none(), required=False
    )
    employee = MemberChoiceField(
        label=_("Employee involved"), queryset=Membership.objects.none(), required=False
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = Touchpoint.objects.filter(organization=organization)
        self.fields["employee"].queryset = members_of(organization)
