"""Comment themes and sentiment as filters of other lists: a survey's answers, the inbox."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Comment, CommentTheme, Sentiment, Theme


def theme_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Comment theme"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("any"),
    )


def sentiment_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Comment sentiment"), choices=[("", _("any")), *Sentiment.choices], required=False
    )


def responses_with(responses: QuerySet, theme=None, sentiment: str = "", via: str = "") -> QuerySet:
    """Responses (or rows that point at one through `via`, e.g. "response" for cases)
    with a comment of the theme and of the sentiment (a person's correction, if any)."""
    outer = OuterRef(f"{via}__pk" if via else "pk")
    if theme is not None:
        responses = responses.filter(
            Exists(CommentTheme.objects.filter(comment__response=outer, theme=theme, removed=False))
        )
    if sentiment:
        shown = Q(corrected_sentiment=sentiment) | Q(corrected_sentiment="", sentiment=sentiment)
        responses = responses.filter(Exists(Comment.objects.filter(shown, response=outer)))
    return responses
