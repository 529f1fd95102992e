"""Sign-up, profile, organizations and their members."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.lib.ratelimit import hit, hits

from . import actions, twofactor
from .access import CURRENT_ORG_SESSION_KEY, OrgRequest, member_view, org_object_or_404
from .apikeys import create_api_key, revoke_api_key
from .forms import (
    ApiKeyForm,
    CodeForm,
    InviteForm,
    OrganizationForm,
    OrganizationSettingsForm,
    ProfileForm,
    RoleForm,
    SignupForm,
)
from .models import ROLE_DESCRIPTIONS, ApiKey, MemberInvite, Membership, Role, User


class LoginView(auth_views.LoginView):
    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.is_on(user):
            return super().form_valid(form)
        # The password was right; the code from the phone is still to come.
        twofactor.begin_pending_login(self.request.session, user, user.backend)
        url = reverse("accounts:login_code")
        if next_url := self.get_redirect_url():
            url += "?" + urlencode({"next": next_url})
        return redirect(url)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("__all__", "rate_limited"):
            response.status_code = 429
        return response


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's own login form would skip the code step: send people to Polku's."""
    if request.user.is_authenticated:
        raise PermissionDenied  # logged in, but not staff: the admin is not for them
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect(reverse("accounts:login") + "?" + urlencode({"next": next_url}))


def _code_refused(request: HttpRequest, user: User, form: CodeForm) -> bool:
    """Check the code in `form` against `user`'s; a wrong one is counted, and past the
    login failure limit no code is even checked until the window has passed. True when
    it was refused (the form then carries why)."""
    window = settings.POLKU_LOGIN_FAILURE_WINDOW_SECONDS
    limit = settings.POLKU_LOGIN_FAILURES_LIMIT
    if limit and hits("login-code", str(user.pk), window) >= limit:
        form.add_error(
            None,
            forms.ValidationError(
                _("Too many wrong codes. Try again in %(minutes)d minutes.")
                % {"minutes": max(window // 60, 1)},
                code="rate_limited",
            ),
        )
        return True
    kind = twofactor.check(user, form.cleaned_data["code"])
    if kind is None:
        hit("login-code", str(user.pk), window)
        form.add_error("code", _("That code is not right, or it was already used."))
        return True
    if kind == "recovery":
        messages.warning(
            request,
            _("You used a recovery code. %(count)d of them are left.")
            % {"count": twofactor.recovery_codes_left(user)},
        )
    return False


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of logging in for members who have two-step login on."""
    pending = twofactor.pending_user(request.session)
    if pending is None:
        messages.info(request, _("Log in with your email address and password first."))
        return redirect("accounts:login")
    user, backend = pending
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _code_refused(request, user, form):
        twofactor.end_pending_login(request.session)
        login(request, user, backend=backend)
        safe = url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return redirect(next_url if safe else settings.LOGIN_REDIRECT_URL)
    status = 429 if form.has_error("__all__", "rate_limited") else 200
    context = {"form": form, "next": next_url}
    return render(request, "accounts/login_code.html", context, status=status)


SETUP_SESSION_KEY = "polku_two_factor_setup"


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn two-step login on (scan, then prove it with a code), get new recovery codes,
    or turn it off; the last two need a code, so a borrowed session cannot do them."""
    user = request.user
    enabled = twofactor.is_on(user)
    form = CodeForm(request.POST or None)
    action = request.POST.get("action")
    if request.method == "POST" and form.is_valid():
        if not enabled and action == "on":
            secret = request.session.get(SETUP_SESSION_KEY)
            codes = secret and twofactor.turn_on(user, secret, form.cleaned_data["code"])
            if codes:
                request.session.pop(SETUP_SESSION_KEY, None)
                messages.success(request, _("Two-step login is on."))
                return render(request, "accounts/recovery_codes.html", {"codes": codes})
            form.add_error("code", _("That code is not right. Check the time on your phone."))
        elif enabled and action in ("off", "codes") and not _code_refused(request, user, form):
            if action == "off":
                twofactor.turn_off(user)
                messages.success(request, _("Two-step login is off."))
                return redirect("accounts:profile")
            codes = twofactor.new_recovery_codes(user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
    context = {"form": form, "enabled": enabled}
    if enabled:
        context["since"] = user.two_factor.created_at
        context["codes_left"] = twofactor.recovery_codes_left(user)
    else:
        secret = request.session.setdefault(SETUP_SESSION_KEY, twofactor.new_secret())
        context["qr"] = twofactor.qr_data_uri(secret, user)
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    status = 429 if form.has_error("__all__", "rate_limited") else 200
    return render(request, "accounts/two_factor.html", context, status=status)


def home(request: HttpRequest) -> HttpResponse:
    """Send a member to the organization they used last (or their first one)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    memberships = request.user.memberships.select_related("organization").order_by(
        "created_at", "pk"
    )
    last = request.session.get(CURRENT_ORG_SESSION_KEY)
    chosen = memberships.filter(organization__slug=last).first() or memberships.first()
    if chosen is None:
        return redirect("accounts:organization_new")
    return redirect("journeys:map", org=chosen.organization.slug)


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = User.objects.create_user(
                data["email"], data["password"], display_name=data["display_name"]
            )
            organization = actions.create_organization(
                data["organization_name"], user, data["language"]
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Polku! Start by mapping your customer journey."))
        return redirect("journeys:map", org=organization.slug)
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    memberships = request.user.memberships.select_related("organization")
    context = {
        "form": form,
        "memberships": memberships,
        "two_factor_on": twofactor.is_on(request.user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def organization_new(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        organization = actions.create_organization(
            form.cleaned_data["name"], request.user, form.cleaned_data["language"]
        )
        messages.success(
            request, _("Organization “%(name)s” was created.") % {"name": organization.name}
        )
        return redirect("journeys:map", org=organization.slug)
    return render(request, "accounts/organization_new.html", {"form": form})


@member_view()
def organization_home(request: OrgRequest) -> HttpResponse:
    return redirect("journeys:map", org=request.organization.slug)


@member_view("can_manage_members")
def organization_settings(request: OrgRequest) -> HttpResponse:
    form = OrganizationSettingsForm(request.POST or None, instance=request.organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Organization settings were saved."))
        return redirect("accounts:organization_settings", org=request.organization.slug)
    return render(request, "accounts/organization_settings.html", {"form": form})


@member_view()
def members(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    form = InviteForm(request.POST or None, organization=organization)
    if request.method == "POST":
        if not request.membership.can_manage_members:
            raise PermissionDenied
        if form.is_valid():
            invite = actions.invite_member(
                organization, form.cleaned_data["email"], form.cleaned_data["role"], request.user
            )
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invite.email}
            )
            return redirect("accounts:members", org=organization.slug)
    context = {
        "form": form,
        "members": organization.memberships.select_related("user__two_factor").order_by(
            "user__display_name"
        ),
        "invites": organization.member_invites.filter(accepted_at__isnull=True).select_related(
            "invited_by"
        ),
        "roles": [(role, ROLE_DESCRIPTIONS[role]) for role in Role],
        "role_choices": Role.choices,
    }
    return render(request, "accounts/members.html", context)


@member_view("can_manage_members")
@require_POST
def member_role(request: OrgRequest, pk: int) -> HttpResponse:
    membership = org_object_or_404(request, Membership, pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
    else:
        try:
            actions.change_role(membership, form.cleaned_data["role"])
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display()},
            )
        except actions.MembershipError as error:
            messages.error(request, str(error))
    return redirect("accounts:members", org=request.organization.slug)


@member_view("can_manage_members")
def member_remove(request: OrgRequest, pk: int) -> HttpResponse:
    membership = org_object_or_404(request, Membership, pk=pk)
    if request.method == "POST":
        try:
            actions.remove_member(membership)
        except actions.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s was removed from the organization.") % {"name": membership.user},
            )
            if membership.user_id == request.user.pk:
                return redirect("home")
        return redirect("accounts:members", org=request.organization.slug)
    return render(request, "accounts/member_remove.html", {"member": membership})


@member_view("can_manage_members")
@require_POST
def invite_revoke(request: OrgRequest, pk: int) -> HttpResponse:
    invite = org_object_or_404(request, MemberInvite, pk=pk, accepted_at__isnull=True)
    invite.delete()
    messages.success(
        request, _("The invitation to %(email)s was withdrawn.") % {"email": invite.email}
    )
    return redirect("accounts:members", org=request.organization.slug)


def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email: join now, or sign up first and then join."""
    invite = get_object_or_404(MemberInvite.objects.select_related("organization"), token=token)
    if not invite.is_usable:
        return render(request, "accounts/invite_unusable.html", {"invite": invite}, status=410)
    signup_form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                actions.accept_invite(invite, request.user)
            except actions.MembershipError as error:
                messages.error(request, str(error))
                return redirect("home")
            messages.success(
                request, _("You joined %(name)s.") % {"name": invite.organization.name}
            )
            return redirect("journeys:map", org=invite.organization.slug)
    else:
        signup_form = SignupForm(
            request.POST or None, with_organization=False, initial={"email": invite.email}
        )
        if request.method == "POST" and signup_form.is_valid():
            data = signup_form.cleaned_data
            with transaction.atomic():
                user = User.objects.create_user(
                    data["email"], data["password"], display_name=data["display_name"]
                )
                actions.accept_invite(invite, user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome! You joined %(name)s.") % {"name": invite.organization.name}
            )
            return redirect("journeys:map", org=invite.organization.slug)
    return render(
        request, "accounts/invite_accept.html", {"invite": invite, "signup_form": signup_form}
    )


@member_view("can_manage_members")
def api_keys(request: OrgRequest) -> HttpResponse:
    """Owners make and revoke API keys; a new key is shown on this page once, never again."""
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _api_key, new_key = create_api_key(
            request.organization,
            form.cleaned_data["name"],
            request.user,
            form.cleaned_data["scope"],
        )
        form = ApiKeyForm()
    keys = ApiKey.objects.filter(organization=request.organization).select_related("created_by")
    return render(
        request, "accounts/api_keys.html", {"form": form, "keys": keys, "new_key": new_key}
    )


@member_view("can_manage_members")
@require_POST
def api_key_revoke(request: OrgRequest, pk: int) -> HttpResponse:
    api_key = org_object_or_404(request, ApiKey, pk=pk)
    revoke_api_key(api_key)
    messages.success(
        request, _("The key “%(name)s” was revoked: it no longer works.") % {"name": api_key.name}
    )
    return redirect("accounts:api_keys", org=request.organization.slug)
