"""Users, organizations (the tenancy boundary), memberships with roles, member invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITE_VALID_FOR = timedelta(days=14)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an email address; replies are signed with display_name."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=120,
        help_text=_("Your name as customers will see it when you answer them."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class Organization(models.Model):
    """A business using Polku. Every row of customer data belongs to exactly one."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    language = models.CharField(
        _("language of content"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fi",
        help_text=_("The language of the journey map and of messages to customers."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    invitation_cap_days = models.PositiveSmallIntegerField(
        _("days between survey invitations"),
        default=30,
        help_text=_(
            "No customer is invited to a survey more than once in this many days. "
            "0 turns the limit off."
        ),
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        _("reminder after days"),
        null=True,
        blank=True,
        help_text=_(
            "One reminder to those who have not answered after this many days. "
            "Leave empty to send no reminders."
        ),
    )
    # When feedback becomes a case (polku.cases): scores at or past these, or any comment.
    detractor_nps_max = models.PositiveSmallIntegerField(
        _("a case for NPS at most"), default=6, help_text=_("0–10; 6 means detractors.")
    )
    low_csat_max = models.PositiveSmallIntegerField(
        _("a case for CSAT at most"), default=2, help_text=_("1–5.")
    )
    # The ease question runs from 1 (very difficult) to 7 (very easy): low is bad.
    low_ces_max = models.PositiveSmallIntegerField(
        _("a case for ease (CES) at most"), default=3, help_text=_("1–7; 7 is very easy.")
    )
    min_answers = models.PositiveSmallIntegerField(
        _("fewest answers for a figure"),
        default=10,
        help_text=_("Below this many answers a figure is shown as “too few answers”."),
    )
    # Personal data of customers inactive this long is erased by the worker (polku.privacy).
    retention_months = models.PositiveSmallIntegerField(
        _("keep personal data of inactive customers for months"),
        default=24,
        help_text=_(
            "A customer with no orders, answers, cases or messages in this many months is "
            "erased automatically; their answers stay in the figures without their name."
        ),
    )
    # The day the worker last applied retention, so it does so once a day.
    retention_ran_on = models.DateField(null=True, blank=True)
    business_hours_start = models.PositiveSmallIntegerField(
        _("business hours begin"), default=8, help_text=_("Hour of the day, 0–23.")
    )
    business_hours_end = models.PositiveSmallIntegerField(
        _("business hours end"), default=16, help_text=_("Hour of the day, 1–24.")
    )
    default_sender = models.ForeignKey(
        "Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default sender"),
        help_text=_(
            "Signs invitations and notices when no employee is named for the customer's visit."
        ),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    AGENT = "agent", _("Agent")
    VIEWER = "viewer", _("Viewer")


ROLE_DESCRIPTIONS = {
    Role.OWNER: _("Everything, including members, organization settings and the outbox."),
    Role.MANAGER: _("Edits the journey map, surveys and rules; handles feedback."),
    Role.AGENT: _("Answers customers and handles cases; reads the journey map."),
    Role.VIEWER: _("Reads everything, changes nothing."),
}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)
    # Owners and managers get the weekly digest unless they turn it off.
    weekly_digest = models.BooleanField(_("weekly digest by email"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"

    # What each role may do. Views ask these by name through accounts.access.
    @property
    def can_edit_journey(self) -> bool:
        return self.role in {Role.OWNER, Role.MANAGER}

    @property
    def can_manage_members(self) -> bool:
        return self.role == Role.OWNER

    @property
    def can_work_cases(self) -> bool:
        """Answer customers, write notes, move and assign cases (viewers only read)."""
        return self.role in {Role.OWNER, Role.MANAGER, Role.AGENT}

    @property
    def can_read_outbox(self) -> bool:
        return self.role == Role.OWNER


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _invite_expiry():
    return timezone.now() + INVITE_VALID_FOR


class MemberInvite(models.Model):
    """An owner's invitation, sent by email, for someone to join the organization."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="member_invites"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AGENT)
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invite_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("member invitation")
        verbose_name_plural = _("member invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApiKey(models.Model):
    """A key that lets a program act for one organization through the API.

    Only a SHA-256 of the key is stored: keys are long random strings, so a fast hash is
    safe, and the key itself is shown once, when it is made.
    """

    class Scope(models.TextChoices):
        # In order: each allows what the ones before it do.
        READ = "read", _("Read only")
        EVENTS = "events", _("Send customers and events")
        ADMIN = "admin", _("Everything, business figures too")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(
        _("name"), max_length=80, help_text=_("What uses this key, e.g. “webshop”.")
    )
    scope = models.CharField(
        _("may"),
        max_length=10,
        choices=Scope.choices,
        default=Scope.EVENTS,
        help_text=_("A webshop needs only to send customers and events."),
    )
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def allows(self, scope: str) -> bool:
        order = list(self.Scope.values)
        return order.index(self.scope) >= order.index(scope)


class TwoFactor(models.Model):
    """A member's authenticator app (TOTP, RFC 6238): with it, logging in takes a code
    from the phone as well as the password.

    `last_step` is the 30-second step of the last code accepted, so a code seen over a
    shoulder or in a proxy log cannot be used a second time."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("two-step login")
        verbose_name_plural = _("two-step logins")

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(models.Model):
    """A one-time code for logging in when the phone is lost; only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="recovery_once")]

    def __str__(self) -> str:
        return f"{self.user} ({'used' if self.used_at else 'unused'})"
