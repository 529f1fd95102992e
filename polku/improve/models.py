"""Improving the path: the improvement backlog, mystery-shopping audits and testimonials."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership, Organization
from polku.cases.models import Case
from polku.customers.models import Customer
from polku.journeys.models import Positioned, Touchpoint
from polku.surveys.models import Response, Survey

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]
# Impact and effort from this value up count as "high" in the 2×2 matrix.
MATRIX_SPLIT = 3


class Improvement(models.Model):
    """One thing the team means to make better, from idea to a measured result."""

    class Source(models.TextChoices):
        CASE = "case", _("A case")
        AUDIT = "audit", _("An audit finding")
        COMMENTS = "comments", _("A theme of the comments")
        TEAM = "team", _("The team")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNED = "planned", _("Planned")
        DOING = "doing", _("Doing")
        DONE = "done", _("Done")
        MEASURED = "measured", _("Measured")

    class Verdict(models.TextChoices):
        WORKED = "worked", _("It worked")
        NO_CHANGE = "no_change", _("No clear change")
        WORSE = "worse", _("It got worse")

    class Quadrant(models.TextChoices):
        QUICK_WIN = "quick_win", _("Quick wins")
        BIG_BET = "big_bet", _("Big bets")
        FILL_IN = "fill_in", _("Fill-ins")
        NOT_NOW = "not_now", _("Not worth it now")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvements",
        verbose_name=_("touchpoint"),
    )
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.TEAM
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"),
        validators=ONE_TO_FIVE,
        default=3,
        help_text=_("How much customers would notice: 1 a little, 5 a lot."),
    )
    effort = models.PositiveSmallIntegerField(
        _("effort"),
        validators=ONE_TO_FIVE,
        default=3,
        help_text=_("How much work it takes: 1 an afternoon, 5 months."),
    )
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IDEA
    )
    cases = models.ManyToManyField(
        Case, blank=True, related_name="improvements", verbose_name=_("linked cases")
    )
    # The audit finding it came from, if it came from an audit.
    finding = models.ForeignKey(
        "AuditResult", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The comment theme it came from, if it came from the key drivers.
    theme = models.ForeignKey(
        "text.Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    measure_days = models.PositiveSmallIntegerField(
        _("days to compare"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text=_(
            "The figures of this many days before the change are compared with as many "
            "days after it."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    verdict = models.CharField(_("result"), max_length=10, choices=Verdict.choices, blank=True)
    measured_at = models.DateTimeField(null=True, blank=True)
    # The before/after figures as they were when the result was recorded.
    measured_figures = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("improvement")
        verbose_name_plural = _("improvements")
        ordering = ["-impact", "effort", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def quadrant(self) -> str:
        high_impact = self.impact >= MATRIX_SPLIT
        high_effort = self.effort >= MATRIX_SPLIT
        if high_impact:
            return self.Quadrant.BIG_BET if high_effort else self.Quadrant.QUICK_WIN
        return self.Quadrant.NOT_NOW if high_effort else self.Quadrant.FILL_IN

    @property
    def quadrant_label(self) -> str:
        return self.Quadrant(self.quadrant).label

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.MEASURED)


class ImprovementEntry(models.Model):
    """One line of an improvement's life."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Added")
        STATUS = "status", _("Status changed")
        NOTE = "note", _("Note")
        LINKED = "linked", _("Case linked")
        MEASURED = "measured", _("Result recorded")

    improvement = models.ForeignKey(Improvement, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True)
    # What Polku itself records, kept as values so that each reader sees them in their own
    # language: the statuses from and to (a STATUS entry), the verdict (MEASURED; the text is
    # then the team's note).
    previous_status = models.CharField(
        max_length=10, choices=Improvement.Status.choices, blank=True
    )
    status = models.CharField(max_length=10, choices=Improvement.Status.choices, blank=True)
    verdict = models.CharField(max_length=10, choices=Improvement.Verdict.choices, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

    @property
    def shown_text(self) -> str:
        """The entry's text on the timeline, what Polku itself says in the reader's language."""
        if self.status:
            return f"{self.get_previous_status_display()} → {self.get_status_display()}"
        if self.verdict:
            return f"{self.get_verdict_display()}\n{self.text}".strip()
        return self.text


class CheckKind(models.TextChoices):
    PASS_FAIL = "pass_fail", _("Pass or fail")
    SCORE = "score", _("Score 1–5")


class AuditTemplate(models.Model):
    """A mystery shopper's checklist: sections, one per touchpoint, of things to check."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(
        _("instructions"), blank=True, help_text=_("What the auditor does, shown on the walk.")
    )
    preset = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("audit template")
        verbose_name_plural = _("audit templates")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class AuditSection(Positioned):
    position_scope = ("template",)

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=120)
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("touchpoint"),
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class AuditCheck(Positioned):
    position_scope = ("section",)

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(AuditSection, on_delete=models.CASCADE, related_name="checks")
    text = models.CharField(_("what to check"), max_length=300)
    kind = models.CharField(
        _("answered as"), max_length=10, choices=CheckKind.choices, default=CheckKind.PASS_FAIL
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Audit(models.Model):
    """One walk along the path by a mystery shopper, with the checklist frozen at its start."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(
        AuditTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="audits"
    )
    name = models.CharField(_("name"), max_length=120)
    auditor = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auditor"),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The overall score (0–100) when finished, for the over-time view.
    score = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


PHOTO_EXTENSIONS = {"jpeg": "jpg", "jpg": "jpg", "png": "png", "gif": "gif", "webp": "webp"}


def audit_photo_path(result: AuditResult, filename: str) -> str:
    # The original name is not kept (it may say more than the photo), and only an image
    # extension is: the file is served back with the type its name says.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    extension = PHOTO_EXTENSIONS.get(extension, "bin")
    return f"audits/{result.organization_id}/{secrets.token_hex(12)}.{extension}"


class AuditResult(models.Model):
    """One checked item of an audit: a copy of the check and what the auditor found."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="results")
    step = models.PositiveSmallIntegerField()  # the section's place in the walk, from 1
    position = models.PositiveSmallIntegerField()
    section_title = models.CharField(max_length=120)
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=CheckKind.choices)
    passed = models.BooleanField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True, validators=ONE_TO_FIVE)
    note = models.TextField(_("note"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=audit_photo_path, blank=True)

    class Meta:
        ordering = ["step", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def points(self) -> float | None:
        """The result on a 0–100 scale: pass 100, fail 0, a score of 1–5 in quarters."""
        if self.kind == CheckKind.PASS_FAIL:
            return None if self.passed is None else (100.0 if self.passed else 0.0)
        return None if self.score is None else (self.score - 1) * 25.0

    @property
    def failed(self) -> bool:
        points = self.points
        return points is not None and points <= 25


def _withdrawal_token() -> str:
    return secrets.token_urlsafe(24)


class Testimonial(models.Model):
    """A comment its writer allowed the business to publish, with the consent kept beside it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="testimonial")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="testimonials"
    )
    quote = models.TextField()
    author_name = models.CharField(max_length=120, blank=True)
    score = models.SmallIntegerField(null=True, blank=True)
    score_max = models.SmallIntegerField(null=True, blank=True)
    # The score on a 0–100 scale, so NPS and 1–5 answers filter alike.
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    consent_text = models.TextField()
    language = models.CharField(max_length=8)
    consented_at = models.DateTimeField()
    source = models.CharField(max_length=12, choices=Response.Source.choices)
    withdrawal_token = models.CharField(max_length=40, unique=True, default=_withdrawal_token)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Who withdrew it: a staff member, or nobody recorded when the writer did it themself.
    withdrawn_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        ordering = ["-consented_at", "-pk"]
        indexes = [models.Index(fields=["organization", "withdrawn_at", "consented_at"])]

    def __str__(self) -> str:
        return self.quote[:60]
