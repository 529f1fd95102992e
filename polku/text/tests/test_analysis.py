"""The worker reads comments after they are stored (never in the request), keeps them
matched to the themes as rules change, learns sentiment from scored comments, and keeps
the theme totals equal to a count from scratch whatever happens; people's corrections
stay."""

from __future__ import annotations

import io
import json
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from polku.accounts.actions import create_organization
from polku.accounts.models import Membership, User
from polku.automation.engine import run_automation
from polku.insights.rollups import COUNTERS, SENTIMENT_COUNTERS, subtract_response, theme_totals
from polku.surveys.actions import Origin, create_survey, publish, submit_response
from polku.surveys.kinds import Kind, Parsed
from polku.surveys.models import Response
from polku.text.actions import correct_sentiment, delete_theme, save_theme, set_theme
from polku.text.analysis import analyze_pending, rematch_themes
from polku.text.models import Comment, CommentTheme, SentimentModel, Theme, ThemeRollup
from polku.text.training import retrain_due


def answer(survey, text: str, nps: int | None = None, language: str = "fi", days_ago: int = 0):
    nps_key, text_key = (q["key"] for q in survey.current_version.questions)
    answers = {text_key: Parsed(text=text)}
    if nps is not None:
        answers[nps_key] = Parsed(number=nps)
    response, _created = submit_response(
        survey.current_version,
        answers,
        uuid.uuid4().hex,
        Origin(language=language, at=timezone.now() - timedelta(days=days_ago)),
    )
    return response


def themes_of(response) -> set[str]:
    return {
        link.theme.starter
        for link in CommentTheme.objects.filter(comment__response=response, removed=False)
    }


def totals_now(org) -> dict:
    return {
        (r["day"], r["slice_key"]): r
        for r in ThemeRollup.objects.filter(organization=org).values(
            "organization_id",
            "theme_id",
            "day",
            "touchpoint_id",
            "slice_key",
            *COUNTERS,
            *SENTIMENT_COUNTERS,
        )
        if r["responses"]
    }


def totals_from_scratch(org) -> dict:
    responses = Response.objects.filter(organization=org, text_comments__isnull=False).distinct()
    return {(key[1], key[2]): row for key, row in theme_totals(responses).items()}


def test_a_new_organization_has_the_starter_themes(org):
    assert Theme.objects.filter(organization=org).count() == 12
    assert Theme.objects.get(organization=org, starter="delivery").label("fi") == "Toimitus"


def test_comments_are_read_by_the_worker_not_the_request(org, commented):
    response = answer(commented, "Paketti tuli myöhässä ja myyjä oli töykeä", nps=3)
    assert not Comment.objects.exists()  # nothing read while storing
    assert analyze_pending() == 1
    comment = Comment.objects.get(response=response)
    assert comment.sentiment == "negative" and comment.language == "fi"
    assert themes_of(response) == {"delivery", "waiting", "friendliness"}
    link = CommentTheme.objects.get(comment=comment, theme__starter="friendliness")
    assert link.matched == ["töykeä"] and link.source == "rule"
    assert analyze_pending() == 0  # once
    assert totals_now(org) == totals_from_scratch(org)


def test_the_comment_language_is_detected(org, commented):
    response = answer(commented, "The delivery was late and the box was damaged", nps=2)
    analyze_pending()
    assert Comment.objects.get(response=response).language == "en"
    assert "delivery" in themes_of(response)


def test_a_person_adds_and_removes_themes_and_it_sticks(org, commented, owner):
    me = Membership.objects.get(user=owner)
    response = answer(commented, "Paketti tuli nopeasti", nps=10)
    analyze_pending()
    comment = Comment.objects.get(response=response)
    price = Theme.objects.get(organization=org, starter="price")
    delivery = Theme.objects.get(organization=org, starter="delivery")
    set_theme(comment, price, True, me)
    set_theme(comment, delivery, False, me)
    assert themes_of(response) == {"price", "waiting"}
    # The rules change and every comment is matched again: the corrections stay.
    delivery.rules = {**delivery.rules, "fi": "paketti* OR toimitus"}
    save_theme(delivery)
    assert rematch_themes() == 1
    assert themes_of(response) == {"price", "waiting"}
    assert CommentTheme.objects.get(comment=comment, theme=price).source == "manual"
    assert totals_now(org) == totals_from_scratch(org)


def test_a_changed_rule_rematches_every_comment(org, commented):
    response = answer(commented, "Kassajono oli pitkä", nps=5)
    analyze_pending()
    hours = Theme.objects.get(organization=org, starter="hours")
    assert "hours" not in themes_of(response)
    hours.rules = {**hours.rules, "fi": "jono*"}
    save_theme(hours)
    rematch_themes()
    assert "hours" in themes_of(response)
    assert CommentTheme.objects.get(comment__response=response, theme=hours).matched == ["jono"]
    assert totals_now(org) == totals_from_scratch(org)


def test_a_corrected_sentiment_is_shown_and_kept(org, commented, owner):
    me = Membership.objects.get(user=owner)
    response = answer(commented, "Tilasin kaksi voidetta", nps=9)
    analyze_pending()
    comment = Comment.objects.get(response=response)
    assert comment.sentiment == "neutral"
    correct_sentiment(comment, "positive", me)
    comment.refresh_from_db()
    assert comment.shown_sentiment == "positive" and comment.corrected_by == me
    assert totals_now(org) == totals_from_scratch(org)
    with pytest.raises(ValueError):
        correct_sentiment(comment, "angry", me)


def test_deleting_a_theme_keeps_the_other_totals(org, commented):
    answer(commented, "Paketti oli rikki", nps=2)
    analyze_pending()
    delete_theme(Theme.objects.get(organization=org, starter="quality"))
    assert totals_now(org) == totals_from_scratch(org)


def test_erasing_a_response_takes_it_out_of_the_theme_totals(org, commented):
    kept = answer(commented, "Nopea toimitus", nps=10)
    erased = answer(commented, "Hidas toimitus", nps=2)
    analyze_pending()
    subtract_response(erased)
    erased.delete()
    assert totals_now(org) == totals_from_scratch(org)
    assert Comment.objects.filter(response=kept).exists()


def test_the_worker_learns_sentiment_once_there_are_enough_scored_comments(org, commented):
    good = ["Ihana myyjä", "Nopea toimitus, kiitos", "Loistava valikoima", "Hyvät hinnat"]
    bad = ["Tyly myyjä", "Paketti myöhässä", "Liian kallista", "Tuote rikki"]
    meh = ["Kävin ostoksilla", "Tilasin voidetta", "Olin lahjaostoksilla"]
    for n in range(30):
        answer(commented, good[n % 4] + f" {n}", nps=10)
        answer(commented, bad[n % 4] + f" {n}", nps=1)
        answer(commented, meh[n % 3] + f" {n}", nps=8)
    analyze_pending()
    assert retrain_due() == 1
    model = SentimentModel.objects.get(organization=org, language="fi")
    assert model.examples == 90 and model.learned_f1 is not None
    assert model.in_use == (model.learned_f1 > model.lexicon_f1)
    if model.in_use:
        assert Comment.objects.filter(sentiment_source="learned").count() == 90
    assert retrain_due() == 0  # nothing new since
    assert totals_now(org) == totals_from_scratch(org)


def test_too_few_examples_is_remembered(org, commented):
    for n in range(70):
        answer(commented, f"Hyvä {n}", nps=10)  # every one positive
    analyze_pending()
    assert retrain_due() == 0
    assert SentimentModel.objects.get(organization=org).in_use is False
    assert retrain_due() == 0  # not tried again until the examples grow


def test_the_tick_reads_comments(org, commented):
    answer(commented, "Hyvä palvelu", nps=9)
    report = run_automation("test")
    assert report.comments == 1


def test_the_command_line_reads_stdin(org, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Paketti oli rikki.\n\nKiitos!\n"))
    call_command("text", "analyze", "--lang", "fi", "--org", org.slug)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["sentiment"] for line in lines] == ["negative", "positive"]
    assert "Toimitus" in lines[0]["themes"] and lines[0]["lemmas"][0] == "paketti"


# A comment's life, for the property test: answered (with or without a score), corrected,
# given or relieved of a theme, its theme's rule changed, or erased.
step = st.one_of(
    st.tuples(
        st.just("answer"),
        st.sampled_from(["Paketti myöhässä", "Ihana myyjä", "Hinta ok", "Kiitos"]),
        st.none() | st.integers(0, 10),
        st.integers(0, 3),
    ),
    st.tuples(
        st.just("correct"),
        st.integers(0, 20),
        st.sampled_from(["", "negative", "neutral", "positive"]),
    ),
    st.tuples(st.just("theme"), st.integers(0, 20), st.integers(0, 11), st.booleans()),
    st.tuples(
        st.just("rule"),
        st.integers(0, 11),
        st.sampled_from(["paketti*", "myyjä OR hinta", "kiitos"]),
    ),
    st.tuples(st.just("erase"), st.integers(0, 20)),
)


class ThemeTotalsAgreeWithCountingFromScratch(TestCase):
    def setUp(self):
        owner = User.objects.create_user("o@x.test", "pw-pw-pw-1", display_name="O")
        self.org = create_organization("Shop", owner, "fi")
        self.me = owner.memberships.get()
        self.survey = create_survey(self.org, "S", languages=["fi"])
        self.survey.questions.create(
            organization=self.org, kind=Kind.NPS, text={"fi": "NPS"}, position=0
        )
        self.survey.questions.create(
            organization=self.org, kind=Kind.LONG_TEXT, text={"fi": "Kerro"}, position=1
        )
        publish(self.survey)
        self.themes = list(Theme.objects.filter(organization=self.org).order_by("pk"))

    @settings(max_examples=25, deadline=None)
    @given(st.lists(step, max_size=20))
    def test_theme_totals_equal_a_count_from_scratch(self, steps):
        for item in steps:
            comments = list(Comment.objects.filter(organization=self.org).order_by("pk"))
            if item[0] == "answer":
                answer(self.survey, item[1], nps=item[2], days_ago=item[3])
                analyze_pending()
            elif item[0] == "correct" and comments:
                correct_sentiment(comments[item[1] % len(comments)], item[2], self.me)
            elif item[0] == "theme" and comments:
                set_theme(comments[item[1] % len(comments)], self.themes[item[2]], item[3], self.me)
            elif item[0] == "rule":
                theme = self.themes[item[1]]
                theme.rules = {**theme.rules, "fi": item[2]}
                save_theme(theme)
                rematch_themes()
            elif item[0] == "erase" and comments:
                response = comments[item[1] % len(comments)].response
                subtract_response(response)
                response.delete()
        self.assertEqual(totals_now(self.org), totals_from_scratch(self.org))
