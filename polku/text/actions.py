"""State changes of the comment analysis: a person's corrections (a theme added to or
taken off one comment, a sentiment set by hand), themes made, changed and deleted, and a
theme turned into an improvement. Each keeps the theme totals equal to a count from
scratch, and a correction stays through every later analysis."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polku.accounts.models import Membership
from polku.improve.actions import create_improvement
from polku.improve.models import Improvement
from polku.lib.sqlite_writes import one_writer

from . import transformer
from .analysis import theme_totals_moved, themes_changed
from .models import Comment, CommentTheme, Sentiment, SentimentModel, Theme


def set_theme(comment: Comment, theme: Theme, present: bool, by: Membership) -> CommentTheme:
    """A person says the comment is (or is not) about the theme; the rule never overrides
    it."""
    with one_writer(), transaction.atomic():
        response = comment.response
        with theme_totals_moved(response):
            link, _created = CommentTheme.objects.get_or_create(
                comment=comment,
                theme=theme,
                defaults={"source": CommentTheme.Source.MANUAL, "removed": not present},
            )
            link.source, link.removed, link.set_by = CommentTheme.Source.MANUAL, not present, by
            link.save(update_fields=["source", "removed", "set_by"])
    return link


def correct_sentiment(comment: Comment, label: str, by: Membership) -> None:
    """A person's sentiment for the comment ("" gives the analysis back its say). It is
    shown instead of the analysis and teaches the next model."""
    if label and label not in Sentiment.values:
        raise ValueError(label)
    with one_writer(), transaction.atomic():
        with theme_totals_moved(comment.response):
            comment.corrected_sentiment = label
            comment.corrected_by = by if label else None
            comment.corrected_at = timezone.now()
            comment.save(update_fields=["corrected_sentiment", "corrected_by", "corrected_at"])


def choose_transformer(organization, language: str, name: str) -> SentimentModel:
    """The organization reads the language's sentiment with a configured transformer model
    ("" for none: back to the learned model or the word list). The model is loaded first,
    so a broken one is refused here (TransformerUnavailable) and changes nothing; the worker
    then scores the language's comments again."""
    if name:
        transformer.named(name)
    with transaction.atomic():
        model, _created = SentimentModel.objects.get_or_create(
            organization=organization, language=language
        )
        if model.transformer != name:
            model.transformer, model.rescore_due = name, True
            model.save(update_fields=["transformer", "rescore_due"])
    return model


def save_theme(theme: Theme) -> Theme:
    """A theme made or changed: every comment is matched again by the worker."""
    with transaction.atomic():
        theme.save()
        themes_changed(theme.organization)
    return theme


def delete_theme(theme: Theme) -> None:
    """The theme goes, with the corrections made to it; the totals without it stay right."""
    with one_writer(), transaction.atomic():
        organization = theme.organization
        # Its links and its own totals go with it; the totals of everything else are not
        # touched by it, so they stay as they were.
        theme.delete()
        themes_changed(organization)


@transaction.atomic
def improvement_from_theme(theme: Theme, author: Membership, driver=None, worst_at=None):
    """The theme as an improvement idea, once while it is open; (item, created)."""
    existing = (
        Improvement.objects.filter(theme=theme)
        .exclude(status__in=[Improvement.Status.DONE, Improvement.Status.MEASURED])
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing, False
    lines = [_("Customers' comments about “%(theme)s”.") % {"theme": theme.label()}]
    if driver is not None:
        lines.append(
            ngettext(
                "%(comments)d comment in the period, %(negative)d of them negative.",
                "%(comments)d comments in the period, %(negative)d of them negative.",
                driver.comments,
            )
            % {"comments": driver.comments, "negative": driver.negative}
        )
    improvement = create_improvement(
        theme.organization,
        author,
        title=_("Comments: %(theme)s") % {"theme": theme.label()},
        description="\n".join(lines),
        touchpoint=worst_at,
        source=Improvement.Source.COMMENTS,
        theme=theme,
        impact=4 if driver is not None and driver.clearly_down else 3,
        effort=3,
    )
    return improvement, True
