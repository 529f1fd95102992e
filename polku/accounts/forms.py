"""Forms for signing up, the profile, organizations and members."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from polku.lib.ratelimit import client_address, hit, hits

from .models import ApiKey, Membership, Organization, Role, User


class EmailAuthenticationForm(AuthenticationForm):
    """Login by email. Failed tries are counted per client address and per account; past
    the limit no password is even checked until the window has passed, so guessing is
    slow from one machine and slow against one account from many."""

    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )

    def clean(self):
        window = settings.POLKU_LOGIN_FAILURE_WINDOW_SECONDS
        counted = [
            ("login-address", client_address(self.request) if self.request else ""),
            ("login-account", (self.cleaned_data.get("username") or "").strip().lower()),
        ]
        limit = settings.POLKU_LOGIN_FAILURES_LIMIT
        if limit and any(hits(scope, who, window) >= limit for scope, who in counted):
            raise forms.ValidationError(
                _("Too many failed logins. Try again in %(minutes)d minutes.")
                % {"minutes": max(window // 60, 1)},
                code="rate_limited",
            )
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                for scope, who in counted:
                    hit(scope, who, window)
            raise


class SignupForm(forms.Form):
    """A new user; with `with_organization` also the first organization they own."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("Customers see this name when you answer them."),
    )
    email = forms.EmailField(label=_("Email address"))
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    organization_name = forms.CharField(
        label=_("Business name"),
        max_length=120,
        help_text=_("You can add more organizations later."),
    )
    language = forms.ChoiceField(
        label=_("Language of your journey map"),
        choices=Organization._meta.get_field("language").choices,
    )

    def __init__(self, *args, with_organization: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_organization:
            del self.fields["organization_name"]
            del self.fields["language"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email address exists already. Log in instead.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            user = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "language"]


class OrganizationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "language",
            "invitation_cap_days",
            "reminder_after_days",
            "default_sender",
            "detractor_nps_max",
            "low_csat_max",
            "low_ces_max",
            "min_answers",
            "business_hours_start",
            "business_hours_end",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_sender"].queryset = self.instance.memberships.select_related("user")
        self.fields["default_sender"].label_from_instance = lambda m: (
            m.user.display_name or (m.user.email)
        )
        self.fields["invitation_cap_days"].max_value = 365
        self.fields["reminder_after_days"].widget.attrs["min"] = 1

    def clean_invitation_cap_days(self) -> int:
        days = self.cleaned_data["invitation_cap_days"]
        if days > 365:
            raise forms.ValidationError(_("At most 365 days."))
        return days

    LIMITS = {
        "detractor_nps_max": (0, 10),
        "low_csat_max": (1, 5),
        "low_ces_max": (1, 7),
        "min_answers": (1, 1000),
        "business_hours_start": (0, 23),
        "business_hours_end": (1, 24),
    }

    def clean(self):
        cleaned = super().clean()
        for name, (low, high) in self.LIMITS.items():
            value = cleaned.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(
                    name, _("Between %(low)d and %(high)d.") % {"low": low, "high": high}
                )
        start, end = cleaned.get("business_hours_start"), cleaned.get("business_hours_end")
        if start is not None and end is not None and start >= end:
            self.add_error("business_hours_end", _("Business hours must end after they begin."))
        return cleaned

    def clean_reminder_after_days(self) -> int | None:
        days = self.cleaned_data["reminder_after_days"]
        if days is not None and not 1 <= days <= 29:
            raise forms.ValidationError(_("Between 1 and 29 days: invitations expire after 30."))
        return days


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.AGENT)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(
            organization=self.organization, user__email__iexact=email
        ).exists():
            raise forms.ValidationError(_("This person is already a member."))
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("What uses this key, e.g. “webshop”.")
    )
    scope = forms.ChoiceField(
        label=_("The key may"),
        choices=ApiKey.Scope.choices,
        initial=ApiKey.Scope.EVENTS,
        help_text=_("A webshop needs only to send customers and events."),
    )


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )
