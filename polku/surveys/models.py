"""Surveys, their questions, frozen versions, and the responses that come back."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership, Organization
from polku.journeys.models import Channel, Positioned, Touchpoint
from polku.lib.indexes import where_set

from .kinds import Kind


def _public_id() -> str:
    # Unguessable, so surveys cannot be enumerated from the public links.
    return secrets.token_urlsafe(9)


def languages_of(texts: dict) -> list[str]:
    """The languages a text is given in, in the order of settings.LANGUAGES.

    (JSON objects have no order on PostgreSQL, so the dict's own order is not used.)
    """
    return [code for code, _name in settings.LANGUAGES if texts.get(code)]


def localized(texts: dict, language: str) -> str:
    """The text in `language`, else in any language the survey has."""
    if not texts:
        return ""
    return texts.get(language) or next((t for t in texts.values() if t), "")


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(
        _("name"), max_length=120, help_text=_("For your team; customers see the title.")
    )
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("touchpoint"),
    )
    preset = models.CharField(max_length=40, blank=True)
    # Texts per language: {"fi": "...", "en": "..."}.
    title = models.JSONField(default=dict)
    intro = models.JSONField(default=dict, blank=True)
    thanks = models.JSONField(default=dict, blank=True)
    incentive = models.JSONField(default=dict, blank=True)
    review_url = models.URLField(
        _("review link"),
        blank=True,
        help_text=_(
            "Shown on the thank-you page: where a happy customer can leave a public review."
        ),
    )
    public_id = models.CharField(max_length=20, unique=True, default=_public_id)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    current_version = models.ForeignKey(
        "SurveyVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def languages(self) -> list[str]:
        return languages_of(self.title)


class Question(Positioned):
    """A question of the survey as it is being edited (the draft)."""

    position_scope = ("survey",)

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.JSONField(default=dict)
    help = models.JSONField(default=dict, blank=True)
    # For choice kinds: [{"key": "c1", "text": {"fi": ..., "en": ...}}, ...].
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    max_rating = models.PositiveSmallIntegerField(default=5)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return localized(self.text, "fi")

    @property
    def key(self) -> str:
        # Stable across versions, so answers to the same question add up over versions.
        return f"q{self.pk}"

    def frozen(self) -> dict:
        data = {
            "key": self.key,
            "kind": self.kind,
            "text": self.text,
            "help": self.help,
            "required": self.required,
        }
        if self.kind in (Kind.CHOICE, Kind.MULTICHOICE):
            data["choices"] = self.choices
        if self.kind == Kind.RATING:
            data["max"] = self.max_rating
        return data


class SurveyVersion(models.Model):
    """What respondents answer: the questions and texts frozen when the survey was published."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    questions = models.JSONField()
    texts = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="one_number_per_version")
        ]
        ordering = ["survey", "-number"]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"


class Response(models.Model):
    """One respondent's answers, with where and how they came, stored exactly once."""

    class Source(models.TextChoices):
        LINK = "link", _("Public link")
        QR = "qr", _("QR code")
        WIDGET = "widget", _("Website widget")
        EMBED = "embed", _("Embedded form")
        INVITATION = "invitation", _("Personal invitation")

    # Indexed with the time below (Meta.indexes), as the survey is, and the optional keys only
    # where set (polku.lib.indexes): fewer indexes for each stored answer to go into.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    version = models.ForeignKey(SurveyVersion, on_delete=models.RESTRICT, related_name="responses")
    touchpoint = models.ForeignKey(
        Touchpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        db_index=False,
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        db_index=False,
    )
    employee = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        db_index=False,
    )
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        db_index=False,
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.LINK)
    language = models.CharField(max_length=8)
    # The form's one-time key: a double click or a retried POST finds the first response.
    submission_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # The headline scores, copied from the answers for fast filtering and figures.
    nps = models.PositiveSmallIntegerField(null=True, blank=True)
    csat = models.PositiveSmallIntegerField(null=True, blank=True)
    ces = models.PositiveSmallIntegerField(null=True, blank=True)
    has_comment = models.BooleanField(default=False)
    # Set once the worker has read the comments (polku.text): themes and sentiment.
    comments_analyzed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "submission_key"], name="one_response_per_submission"
            )
        ]
        indexes = [
            models.Index(fields=["survey", "created_at"]),
            models.Index(fields=["organization", "created_at"], name="response_organization_time"),
            *(where_set("response", f) for f in ("touchpoint", "channel", "employee", "customer")),
            # The worker's look for comments to analyse.
            models.Index(
                fields=["id"],
                condition=models.Q(has_comment=True, comments_analyzed=False),
                name="response_comments_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.SmallIntegerField(null=True, blank=True)
    number2 = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question_key"])]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.number or self.text or self.choices}"


class RollupCounters(models.Model):
    """The running totals of a set of answers: what every figure is computed from.

    Shared by the organization's rollups and each segment's (polku.insights.models)."""

    responses = models.PositiveIntegerField(default=0)
    nps_count = models.PositiveIntegerField(default=0)
    nps_promoters = models.PositiveIntegerField(default=0)
    nps_detractors = models.PositiveIntegerField(default=0)
    csat_count = models.PositiveIntegerField(default=0)
    csat_satisfied = models.PositiveIntegerField(default=0)
    ces_count = models.PositiveIntegerField(default=0)
    ces_sum = models.PositiveIntegerField(default=0)
    # Sums of squares, for the confidence intervals of the means.
    ces_sq = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    rating_sq = models.PositiveIntegerField(default=0)
    # Expectation pairs: experience minus expectation, which may be below zero.
    gap_count = models.PositiveIntegerField(default=0)
    gap_sum = models.IntegerField(default=0)
    gap_sq = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    # How many gave each score: the distributions' bar charts.
    nps_0 = models.PositiveIntegerField(default=0)
    nps_1 = models.PositiveIntegerField(default=0)
    nps_2 = models.PositiveIntegerField(default=0)
    nps_3 = models.PositiveIntegerField(default=0)
    nps_4 = models.PositiveIntegerField(default=0)
    nps_5 = models.PositiveIntegerField(default=0)
    nps_6 = models.PositiveIntegerField(default=0)
    nps_7 = models.PositiveIntegerField(default=0)
    nps_8 = models.PositiveIntegerField(default=0)
    nps_9 = models.PositiveIntegerField(default=0)
    nps_10 = models.PositiveIntegerField(default=0)
    csat_1 = models.PositiveIntegerField(default=0)
    csat_2 = models.PositiveIntegerField(default=0)
    csat_3 = models.PositiveIntegerField(default=0)
    csat_4 = models.PositiveIntegerField(default=0)
    csat_5 = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class ResponseRollup(RollupCounters):
    """Running totals per survey, day, touchpoint, channel and employee.

    Updated in the transaction that stores each response, so figures never need a scan of
    the raw responses.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, null=True, related_name="+"
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, null=True, related_name="+")
    employee = models.ForeignKey(Membership, on_delete=models.CASCADE, null=True, related_name="+")
    # "touchpoint:channel:employee" ids ("-" for none): unique with survey and day on every
    # database (NULLs in a unique constraint are not comparable on SQLite).
    slice_key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "day", "slice_key"], name="one_rollup_per_slice"
            )
        ]
        # Every figure reads one organization's rows over a range of days.
        indexes = [models.Index(fields=["organization", "day"])]

    def __str__(self) -> str:
        return f"{self.survey} {self.day}: {self.responses}"
