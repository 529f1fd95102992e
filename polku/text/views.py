"""Comment pages: every comment with its themes and sentiment (and the corrections a person
makes to them), the key drivers, the themes and their rules with suggestions, and the
sentiment models."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.insights.comparison import PERIODS, days_asked, periods
from polku.journeys.models import Touchpoint

from . import actions, transformer
from .analysis import compile_themes
from .corrections import advice_for
from .drivers import drivers, monthly_comments, worst_by_touchpoint
from .forms import LANGUAGE_NAMES, CommentFilter, ThemeForm
from .lemmas import LANGUAGES, tokens
from .models import Comment, CommentTheme, Sentiment, SentimentModel, Theme, ThemeRollup
from .rules import Document, RuleError, compile_rule
from .suggestions import covered, rule_words, suggestions
from .training import retrain

PREVIEWED = 300  # the newest comments a rule is tried on before saving
WORD = re.compile(r"^[^\W\d_][\w-]{1,39}$")  # a word that may go into a rule as it is


def comments_of(organization):
    return Comment.objects.filter(organization=organization)


def with_sentiment(comments, label: str):
    """Comments whose shown sentiment (a person's, else the analysis's) is `label`."""
    return comments.filter(
        Q(corrected_sentiment=label) | Q(corrected_sentiment="", sentiment=label)
    )


def with_theme(comments, theme):
    return comments.filter(
        Exists(CommentTheme.objects.filter(comment=OuterRef("pk"), theme=theme, removed=False))
    )


def _back(request: OrgRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = fallback
    return redirect(target or fallback)


@member_view()
def comment_list(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    form = CommentFilter(request.GET or None, organization=organization)
    comments = comments_of(organization)
    days = 365
    if form.is_valid():
        data = form.cleaned_data
        days = data["days"] or 365
        if data["theme"]:
            comments = with_theme(comments, data["theme"])
        if data["without_theme"]:
            comments = comments.exclude(
                Exists(CommentTheme.objects.filter(comment=OuterRef("pk"), removed=False))
            )
        if data["sentiment"]:
            comments = with_sentiment(comments, data["sentiment"])
        if data["touchpoint"]:
            comments = comments.filter(response__touchpoint=data["touchpoint"])
        if data["q"]:
            comments = comments.filter(answer__text__icontains=data["q"])
    comments = comments.filter(response__created_at__gte=timezone.now() - timedelta(days=days))
    comments = (
        comments.select_related("answer", "response__survey", "response__touchpoint")
        .prefetch_related(
            Prefetch(
                "theme_links",
                queryset=CommentTheme.objects.filter(removed=False).select_related("theme"),
                to_attr="themes_shown",
            )
        )
        .order_by("-response__created_at", "-pk")
    )
    page = Paginator(comments, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "themes": Theme.objects.filter(organization=organization, active=True),
        "sentiments": Sentiment.choices,
        "here": request.get_full_path(),
    }
    return render(request, "text/comments.html", context)


@member_view("can_work_cases")
@require_POST
def comment_theme(request: OrgRequest, pk: int) -> HttpResponse:
    """Add a theme to a comment, or take one off it: a person's word, kept."""
    comment = org_object_or_404(request, Comment, pk=pk)
    theme = org_object_or_404(request, Theme, pk=request.POST.get("theme", ""))
    present = request.POST.get("present") == "1"
    actions.set_theme(comment, theme, present, request.membership)
    return _back(request, reverse("text:comments", args=[request.organization.slug]))


@member_view("can_work_cases")
@require_POST
def comment_sentiment(request: OrgRequest, pk: int) -> HttpResponse:
    comment = org_object_or_404(request, Comment, pk=pk)
    label = request.POST.get("sentiment", "")
    if label and label not in Sentiment.values:
        return HttpResponseBadRequest(_("Choose negative, neutral or positive."))
    actions.correct_sentiment(comment, label, request.membership)
    return _back(request, reverse("text:comments", args=[request.organization.slug]))


@member_view()
def key_drivers(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    days = days_asked(request, 90)
    current, _previous = periods(days, timezone.localdate())
    found = drivers(organization, current.start, current.end)
    trends = monthly_comments(organization, timezone.localdate())
    worst = worst_by_touchpoint(organization, current.start, current.end)
    touchpoints = Touchpoint.objects.in_bulk(list(worst))
    context = {
        "days": days,
        "periods": PERIODS,
        "current": current,
        "rows": [(driver, trends.get(driver.theme.pk, [])) for driver in found],
        "worst": [(touchpoints[pk], driver) for pk, driver in worst.items() if pk in touchpoints],
    }
    return render(request, "text/drivers.html", context)


@member_view("can_work_cases")
@require_POST
def theme_improvement(request: OrgRequest, pk: int) -> HttpResponse:
    """The theme as an improvement idea in the backlog, with where it hurts most."""
    theme = org_object_or_404(request, Theme, pk=pk)
    current, _previous = periods(90, timezone.localdate())
    found = {d.theme.pk: d for d in drivers(request.organization, current.start, current.end)}
    worst_at = None
    for touchpoint_id, driver in worst_by_touchpoint(
        request.organization, current.start, current.end
    ).items():
        if driver.theme.pk == theme.pk:
            worst_at = Touchpoint.objects.filter(pk=touchpoint_id).first()
            break
    improvement, created = actions.improvement_from_theme(
        theme, request.membership, found.get(theme.pk), worst_at
    )
    messages.success(
        request,
        _("The theme is on the improvement backlog.")
        if created
        else _("The theme was on the backlog already."),
    )
    return redirect("improve:detail", org=request.organization.slug, pk=improvement.pk)


def _comment_counts(organization) -> dict[int, tuple[int, int]]:
    """theme → (comments, negative comments) over the last year, from the theme totals."""
    since = timezone.localdate() - timedelta(days=364)
    rows = (
        ThemeRollup.objects.filter(organization=organization, day__gte=since, theme__isnull=False)
        .values("theme")
        .annotate(n=Sum("negative") + Sum("neutral") + Sum("positive"), bad=Sum("negative"))
        .order_by()
    )
    return {row["theme"]: (row["n"] or 0, row["bad"] or 0) for row in rows}


@member_view()
def theme_list(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    counts = _comment_counts(organization)
    themes = [
        (theme, *counts.get(theme.pk, (0, 0)))
        for theme in Theme.objects.filter(organization=organization)
    ]
    context = {
        "themes": themes,
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "suggested": suggestions(organization) if request.membership.can_edit_journey else [],
        "uncovered": comments_of(organization)
        .exclude(Exists(CommentTheme.objects.filter(comment=OuterRef("pk"), removed=False)))
        .count(),
    }
    return render(request, "text/themes.html", context)


def _preview(organization, form: ThemeForm) -> list[tuple[Comment, list[str]]]:
    """The newest comments the form's rules find, with the words that matched."""
    data = form.cleaned_data
    candidate = Theme(pk=0, rules={c: data[f"rule_{c}"] for c in LANGUAGES})
    (compiled,) = compile_themes([candidate])
    found = []
    newest = comments_of(organization).select_related("answer").order_by("-pk")[:PREVIEWED]
    for comment in newest:
        rule = compiled.rules.get(comment.language)
        if rule is not None:
            matched = rule.match(Document.of(tokens(comment.answer.text, comment.language)))
            if matched:
                found.append((comment, matched))
    return found


def _theme_form(request: OrgRequest, theme: Theme, title: str) -> HttpResponse:
    form = ThemeForm(request.POST or None, theme=theme)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(request.organization, form)
        else:
            actions.save_theme(form.apply())
            messages.success(
                request,
                _("The theme was saved. The comments are matched to it again in a moment."),
            )
            return redirect("text:themes", org=request.organization.slug)
    context = {
        "form": form,
        "title": title,
        "theme": theme,
        "preview": preview,
        "previewed": PREVIEWED,
    }
    if theme.pk:
        advice = advice_for(theme)
        context["missing"] = [(item, LANGUAGE_NAMES[item.language]) for item in advice.missing]
        context["misfiring"] = advice.misfiring
    return render(request, "text/theme_form.html", context, status=400 if form.errors else 200)


@member_view("can_edit_journey")
def theme_new(request: OrgRequest) -> HttpResponse:
    return _theme_form(request, Theme(organization=request.organization), _("New theme"))


@member_view("can_edit_journey")
def theme_edit(request: OrgRequest, pk: int) -> HttpResponse:
    theme = org_object_or_404(request, Theme, pk=pk)
    return _theme_form(request, theme, _("Edit “%(name)s”") % {"name": theme.label()})


@member_view("can_edit_journey")
@require_POST
def theme_add_word(request: OrgRequest, pk: int) -> HttpResponse:
    """A word the corrections suggest, added to the theme's rule in one language (OR)."""
    theme = org_object_or_404(request, Theme, pk=pk)
    word = request.POST.get("word", "").strip().lower()
    language = request.POST.get("language", "")
    if language not in LANGUAGES or not WORD.match(word):
        return HttpResponseBadRequest(_("That word cannot be added to the rule."))
    rule = (theme.rules or {}).get(language, "").strip()
    # The same test that keeps a named word off the list of missing ones.
    if covered(word, rule_words({language: rule})[language]):
        messages.info(request, _("“%(word)s” is in the rule already.") % {"word": word})
        return redirect("text:theme_edit", org=request.organization.slug, pk=theme.pk)
    extended = f"{rule} OR {word}" if rule else word
    try:
        compile_rule(extended, language)
    except RuleError as problem:
        return HttpResponseBadRequest(str(problem))
    theme.rules = {**(theme.rules or {}), language: extended}
    actions.save_theme(theme)
    messages.success(
        request,
        _("“%(word)s” is in the rule now. The comments are matched to it again in a moment.")
        % {"word": word},
    )
    return redirect("text:theme_edit", org=request.organization.slug, pk=theme.pk)


@member_view("can_edit_journey")
def theme_delete(request: OrgRequest, pk: int) -> HttpResponse:
    theme = org_object_or_404(request, Theme, pk=pk)
    back = reverse("text:themes", args=[request.organization.slug])
    if request.method == "POST":
        name = theme.label()
        actions.delete_theme(theme)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect(back)
    links = CommentTheme.objects.filter(theme=theme, removed=False).count()
    return render(
        request,
        "journeys/confirm_delete.html",
        {
            "object": theme,
            "blockers": [],
            "consequences": [
                ngettext(
                    "%(count)d comment loses this theme, corrections made by hand included. "
                    "The comments themselves stay.",
                    "%(count)d comments lose this theme, corrections made by hand included. "
                    "The comments themselves stay.",
                    links,
                )
                % {"count": links}
            ],
            "cancel_url": back,
        },
    )


@member_view("can_edit_journey")
@require_POST
def suggestion_add(request: OrgRequest) -> HttpResponse:
    """A suggestion made a theme in one click: its words as the rule, and as the name."""
    words = request.POST.get("words", "").strip()
    language = request.POST.get("language", "")
    if not words or len(words) > 80 or language not in LANGUAGES:
        return HttpResponseBadRequest(_("That suggestion cannot be made a theme."))
    rule = f'"{words}"' if " " in words else words
    theme = Theme(organization=request.organization, name={language: words.capitalize()})
    theme.rules = {language: rule}
    actions.save_theme(theme)
    messages.success(
        request,
        _("“%(name)s” is a theme now. Add words or other languages to its rule.")
        % {"name": theme.label()},
    )
    return redirect("text:theme_edit", org=request.organization.slug, pk=theme.pk)


@member_view()
def sentiment_models(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    stored = {m.language: m for m in SentimentModel.objects.filter(organization=organization)}
    counts = dict(
        comments_of(organization)
        .values("language")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("language", "n")
    )
    rows = [
        (code, LANGUAGE_NAMES[code], stored.get(code), counts.get(code, 0)) for code in LANGUAGES
    ]
    return render(
        request,
        "text/models.html",
        {"rows": rows, "transformers": sorted(transformer.configured())},
    )


@member_view("can_edit_journey")
@require_POST
def choose_model(request: OrgRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    name = request.POST.get("transformer", "")
    if language not in LANGUAGES or (name and name not in transformer.configured()):
        return HttpResponseBadRequest(_("Choose a language and one of the language models."))
    try:
        actions.choose_transformer(request.organization, language, name)
    except transformer.TransformerUnavailable as problem:
        messages.error(request, str(problem))
    else:
        if name:
            messages.success(
                request,
                _("“%(name)s” reads the comments in %(language)s from now on.")
                % {"name": name, "language": LANGUAGE_NAMES[language]},
            )
        else:
            messages.success(request, _("The language model is no longer used."))
    return redirect("text:models", org=request.organization.slug)


@member_view("can_edit_journey")
@require_POST
def train_now(request: OrgRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    if language not in LANGUAGES:
        return HttpResponseBadRequest(_("Choose a language."))
    model = retrain(request.organization.pk, language)
    if model is None:
        messages.error(
            request,
            _(
                "Too few scored comments to learn from yet: the word list stays in use. "
                "A model needs 60 comments with a score, some of each sentiment."
            ),
        )
    elif model.in_use:
        messages.success(request, _("The learned model beat the word list and is in use now."))
    else:
        messages.success(
            request, _("The learned model did not beat the word list; the word list stays.")
        )
    return redirect("text:models", org=request.organization.slug)
