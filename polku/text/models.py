"""What Polku reads out of free-text answers: themes (rules a person can read and change),
each comment's lemmas, themes and sentiment with the words behind them, corrections that
stick, each organization's learned sentiment model, and the running totals per theme that
the key drivers are read from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.accounts.models import Membership, Organization
from polku.journeys.models import Touchpoint
from polku.surveys.models import Answer, Response, RollupCounters, localized


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", _("negative")
    NEUTRAL = "neutral", _("neutral")
    POSITIVE = "positive", _("positive")


class Theme(models.Model):
    """A named rule over lemmas and phrases, per language (polku.text.rules)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    # Names and rules per language: {"fi": "...", "sv": "...", "en": "..."}.
    name = models.JSONField(default=dict)
    rules = models.JSONField(default=dict)
    starter = models.CharField(max_length=40, blank=True)  # the starter theme it came from
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        return localized(self.name, (language or get_language() or "fi")[:2])


class Comment(models.Model):
    """One free-text answer, analysed: its language, lemmas, sentiment and themes."""

    class Source(models.TextChoices):
        LEXICON = "lexicon", _("word list")
        LEARNED = "learned", _("learned from your answers")
        TRANSFORMER = "transformer", _("language model")
        MANUAL = "manual", _("set by hand")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="analysis")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="text_comments")
    language = models.CharField(max_length=8)
    lemmas = models.JSONField(default=list)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    sentiment_score = models.FloatField(default=0)
    # The words that drove the sentiment: [[word, weight], ...], strongest first.
    sentiment_words = models.JSONField(default=list)
    sentiment_source = models.CharField(max_length=12, choices=Source.choices)
    # A person's correction: wins over every later analysis, and teaches the next model.
    corrected_sentiment = models.CharField(max_length=10, choices=Sentiment.choices, blank=True)
    corrected_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    # The organization's theme rules as they were when this comment was matched.
    themes_version = models.PositiveIntegerField(default=0)
    analyzed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "sentiment"]),
            models.Index(fields=["organization", "themes_version"]),
        ]

    def __str__(self) -> str:
        return f"{self.sentiment}: {self.answer.text[:40]}"

    @property
    def shown_sentiment(self) -> str:
        return self.corrected_sentiment or self.sentiment


class CommentTheme(models.Model):
    """A theme of a comment: found by its rule (with the words that matched) or set by a
    person. A person's removal is kept too (removed=True), so the rule does not put it back.
    """

    class Source(models.TextChoices):
        RULE = "rule", _("by its rule")
        MANUAL = "manual", _("by hand")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="theme_links")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="comment_links")
    source = models.CharField(max_length=10, choices=Source.choices)
    removed = models.BooleanField(default=False)
    matched = models.JSONField(default=list)
    set_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "theme"], name="one_link_per_comment_theme")
        ]
        indexes = [models.Index(fields=["theme", "removed"])]

    def __str__(self) -> str:
        return f"{self.comment_id} {self.theme_id}"


class ThemeVersion(models.Model):
    """A counter per organization, raised whenever its themes change: comments matched
    under an older number are matched again by the worker."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="theme_version"
    )
    number = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.organization}: {self.number}"


class SentimentModel(models.Model):
    """An organization's sentiment classifier for one language, learned from its own
    scored comments and corrections: a linear model kept as plain numbers (no pickles)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    trained_at = models.DateTimeField(default=timezone.now)
    examples = models.PositiveIntegerField(default=0)
    # {"classes": [...], "intercepts": [...], "weights": {feature: [w per class]}}; empty
    # when there were too few examples of some class to train on (tried again as they grow).
    parameters = models.JSONField(default=dict)
    # Cross-validated macro-F1 of this model and of the word list on the same comments.
    learned_f1 = models.FloatField(null=True)
    lexicon_f1 = models.FloatField(null=True)
    in_use = models.BooleanField(default=False)
    # A transformer model on the server's disk that the organization chose for this language
    # (its name in settings.TEXT_TRANSFORMER_MODELS); when it loads, it wins over the rest.
    transformer = models.CharField(max_length=60, blank=True)
    # The comments of the language are to be scored again by the worker (the choice changed).
    rescore_due = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "language"], name="one_sentiment_model_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.language}"


class ThemeRollup(RollupCounters):
    """Running totals of the responses whose comments have a theme, per day and touchpoint;
    theme NULL holds every response with an analysed comment (what "without the theme" is
    counted from). Kept by the transactions that analyse and correct comments."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, related_name="+")
    day = models.DateField()
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.CASCADE, null=True, related_name="+"
    )
    # "theme:touchpoint" ids ("-" for none): unique on every database.
    slice_key = models.CharField(max_length=40)
    negative = models.PositiveIntegerField(default=0)
    neutral = models.PositiveIntegerField(default=0)
    positive = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day", "slice_key"], name="one_theme_rollup"
            )
        ]
        indexes = [models.Index(fields=["organization", "day"])]

    def __str__(self) -> str:
        return f"{self.theme_id} {self.day}: {self.responses}"
