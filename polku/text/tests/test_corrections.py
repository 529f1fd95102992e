"""What corrections say about a rule: the words of comments given a theme by hand that the
rule misses (added in one click), and the rule words behind themes people took off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from polku.conftest import client_for
from polku.text.actions import save_theme, set_theme
from polku.text.analysis import analyze_pending, rematch_themes
from polku.text.corrections import Seen, advice_for, misfires, missing_words
from polku.text.models import Comment, CommentTheme, Theme, ThemeVersion

from .test_analysis import answer


def seen(text: str, has_theme=False, missed=False, language="fi") -> Seen:
    return Seen(text, language, tuple(text.lower().split()), has_theme or missed, missed)


def test_missing_words_come_from_comments_given_the_theme_by_hand():
    rows = [
        seen("espresso oli kylmä", missed=True),
        seen("espresso ja pulla", missed=True),
        seen("pulla oli hyvä", missed=True),
        seen("espresso loppui", has_theme=False),
        seen("kahvi ja espresso", has_theme=True),  # has the theme by its rule: not elsewhere
        seen("espresso", missed=True, language="en"),  # another language counts apart
    ]
    found = missing_words(rows, {"fi": {"kahvi"}})
    # As many comments by hand: the word found in fewer other comments first.
    assert [(a.word, a.language, a.added, a.elsewhere) for a in found] == [
        ("pulla", "fi", 2, 0),
        ("espresso", "fi", 2, 1),
    ]
    assert found[1].share == 67 and found[1].examples == ["espresso oli kylmä", "espresso ja pulla"]
    # A word mostly found without the theme is left out: it would bring those along.
    common = [*rows, *(seen(f"pulla {n}") for n in range(9))]
    assert [a.word for a in missing_words(common, {"fi": {"kahvi"}})] == ["espresso"]
    # Stop words ("ja", "oli") and words the rule names, prefixes included, never show.
    assert missing_words(rows, {"fi": {"espr", "pulla"}}) == []
    assert missing_words(rows, {"fi": set()}, minimum=3) == []


def test_misfires_count_the_finds_taken_off_and_kept():
    found = misfires(
        [
            (["heti"], True, "Sain heti vahvistuksen"),
            (["heti", "jono"], False, "Jono liikkui heti"),
            (["heti"], True, "Vastasivat heti"),
            (["jono"], False, "Pitkä jono"),
        ]
    )
    assert [(m.word, m.taken_off, m.kept) for m in found] == [("heti", 2, 1)]
    assert found[0].examples == ["Sain heti vahvistuksen", "Vastasivat heti"]


@pytest.fixture
def coffee(org, commented, manager):
    """A theme of coffee whose rule knows only "kahvi", and comments people corrected."""
    theme = save_theme(Theme(organization=org, name={"fi": "Kahvi"}, rules={"fi": "kahvi"}))
    for text in ("Espresso oli täydellinen", "Espresso oli liian laimea", "Espresso maistui"):
        answer(commented, text, nps=9)
    for text in ("Kahvi maksaa liikaa", "Kahvi oli hyvää", "Kahvi jäähtyi"):
        answer(commented, text, nps=5)
    analyze_pending()
    membership = org.memberships.get(user=manager)
    for text in ("Espresso oli täydellinen", "Espresso oli liian laimea"):
        set_theme(Comment.objects.get(answer__text=text), theme, True, membership)
    set_theme(Comment.objects.get(answer__text="Kahvi maksaa liikaa"), theme, False, membership)
    return theme


def test_the_advice_reads_the_corrections(coffee):
    advice = advice_for(coffee)
    espresso = next(a for a in advice.missing if a.word == "espresso")
    assert (espresso.added, espresso.elsewhere) == (2, 1)
    assert "täydellinen" not in [a.word for a in advice.missing]  # in one comment only
    assert [(m.word, m.taken_off, m.kept) for m in advice.misfiring] == [("kahvi", 1, 2)]


def url(name, org, *args):
    return reverse(f"text:{name}", args=[org.slug, *args])


def test_a_missing_word_goes_into_the_rule_in_one_click(org, manager_client, coffee):
    page = manager_client.get(url("theme_edit", org, coffee.pk))
    html = page.content.decode()
    assert "What the corrections say" in html and "Add to the rule in Finnish" in html
    assert "taken off 1 comment by hand" in html and "kept on 2 comments" in html
    version = ThemeVersion.objects.get(organization=org).number
    added = manager_client.post(
        url("theme_add_word", org, coffee.pk), {"word": "Espresso", "language": "fi"}, follow=True
    )
    coffee.refresh_from_db()
    assert coffee.rules["fi"] == "kahvi OR espresso"
    assert "“espresso” is in the rule now" in added.content.decode()
    assert ThemeVersion.objects.get(organization=org).number == version + 1
    rematch_themes()
    third = Comment.objects.get(answer__text="Espresso maistui")
    link = CommentTheme.objects.get(comment=third, theme=coffee)
    assert link.source == "rule" and link.matched == ["espresso"]
    # The removal a person made stays through the rematch.
    taken_off = CommentTheme.objects.get(comment__answer__text="Kahvi maksaa liikaa", theme=coffee)
    assert taken_off.removed
    # Once in the rule, the word is not offered again, and a second click changes nothing.
    again = manager_client.post(
        url("theme_add_word", org, coffee.pk), {"word": "espresso", "language": "fi"}, follow=True
    )
    assert "is in the rule already" in again.content.decode()
    coffee.refresh_from_db()
    assert coffee.rules["fi"] == "kahvi OR espresso"


def test_a_word_that_cannot_go_into_the_rule_changes_nothing(
    org, manager_client, agent, other_org, coffee
):
    for data in (
        {"word": "espresso", "language": "de"},
        {"word": "", "language": "fi"},
        {"word": "espresso)", "language": "fi"},
        {"word": "kaksi sanaa", "language": "fi"},
        {"word": "x" * 41, "language": "fi"},
        {"word": '"espresso', "language": "fi"},
        {"word": "espresso*", "language": "fi"},
    ):
        response = manager_client.post(url("theme_add_word", org, coffee.pk), data)
        assert response.status_code == 400, data
    coffee.refresh_from_db()
    assert coffee.rules == {"fi": "kahvi"}
    agents = client_for(agent)
    assert agents.get(url("theme_edit", org, coffee.pk)).status_code == 403
    refused = agents.post(url("theme_add_word", org, coffee.pk), {"word": "x", "language": "fi"})
    assert refused.status_code == 403
    theirs = Theme.objects.filter(organization=other_org).first()
    assert (
        manager_client.post(
            url("theme_add_word", org, theirs.pk), {"word": "kahvi", "language": "fi"}
        ).status_code
        == 404
    )
    assert manager_client.get(url("theme_add_word", org, coffee.pk)).status_code == 405


def test_a_word_for_a_language_the_theme_has_no_rule_in_starts_one(org, manager_client, coffee):
    manager_client.post(url("theme_add_word", org, coffee.pk), {"word": "coffee", "language": "en"})
    coffee.refresh_from_db()
    assert coffee.rules == {"fi": "kahvi", "en": "coffee"}


def test_without_corrections_the_page_says_so(org, manager_client):
    hours = Theme.objects.get(organization=org, starter="hours")
    html = manager_client.get(url("theme_edit", org, hours.pk)).content.decode()
    assert "No one has taken this theme off a comment its rule found." in html
    assert "No word yet" in html
