"""The comment pages: the list with its filters and corrections, the key drivers, the
themes with their rule preview and suggestions, the sentiment models, and the filters the
comments give to the answers and the inbox."""

from __future__ import annotations

import pytest
from django.urls import reverse

from polku.cases.models import Case
from polku.conftest import client_for
from polku.improve.models import Improvement
from polku.text.analysis import analyze_pending, rematch_themes
from polku.text.models import Comment, CommentTheme, Theme

from .test_analysis import answer


@pytest.fixture
def read(org, commented):
    """Twelve answers that complain of delivery, twelve that praise the staff."""
    for n in range(12):
        answer(commented, f"Paketti tuli viikon myöhässä {n}", nps=2)
        answer(commented, f"Myyjä oli ystävällinen {n}", nps=10)
    analyze_pending()
    return commented


def url(name, org, *args):
    return reverse(f"text:{name}", args=[org.slug, *args])


def test_the_list_shows_why_and_filters(viewer_client, org, read):
    page = viewer_client.get(url("comments", org))
    html = page.content.decode()
    assert page.context["page"].paginator.count == 24
    assert "because of: paketti" in html and "word list" in html
    delivery = Theme.objects.get(organization=org, starter="delivery")
    assert (
        viewer_client.get(url("comments", org), {"theme": delivery.pk})
        .context["page"]
        .paginator.count
        == 12
    )
    negative = viewer_client.get(url("comments", org), {"sentiment": "negative"})
    assert negative.context["page"].paginator.count == 12
    words = viewer_client.get(url("comments", org), {"q": "ystävällinen 3"})
    assert words.context["page"].paginator.count == 1
    assert "Add theme" not in html  # viewers read, agents correct


def test_an_agent_corrects_a_comment_and_it_sticks(org, agent, read):
    client = client_for(agent)
    comment = Comment.objects.filter(answer__text__startswith="Paketti").first()
    price = Theme.objects.get(organization=org, starter="price")
    back = url("comments", org) + "?sentiment=negative"
    response = client.post(
        url("comment_theme", org, comment.pk), {"theme": price.pk, "present": "1", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    client.post(url("comment_sentiment", org, comment.pk), {"sentiment": "neutral"})
    comment.refresh_from_db()
    assert comment.shown_sentiment == "neutral"
    assert CommentTheme.objects.get(comment=comment, theme=price).source == "manual"
    rematch_themes()
    assert CommentTheme.objects.filter(comment=comment, theme=price, removed=False).exists()


def test_bad_corrections_are_refused(org, agent, viewer, read, other_org):
    comment = Comment.objects.first()
    theirs = Theme.objects.filter(organization=other_org).first()
    client = client_for(agent)
    bad = client.post(url("comment_sentiment", org, comment.pk), {"sentiment": "furious"})
    assert bad.status_code == 400
    assert (
        client.post(url("comment_theme", org, comment.pk), {"theme": theirs.pk}).status_code == 404
    )
    assert (
        client.post(
            url("comment_theme", org, comment.pk), {"theme": "x", "present": "1"}
        ).status_code
        == 404
    )
    # An address of another site is not followed back.
    outside = client.post(
        url("comment_sentiment", org, comment.pk),
        {"sentiment": "", "next": "https://evil.example/"},
    )
    assert outside["Location"] == url("comments", org)
    assert (
        client_for(viewer)
        .post(url("comment_sentiment", org, comment.pk), {"sentiment": "positive"})
        .status_code
        == 403
    )
    comment.refresh_from_db()
    assert comment.corrected_sentiment == ""


def test_the_key_drivers_show_what_pulls_down(viewer_client, org, read):
    page = viewer_client.get(url("drivers", org))
    assert page.status_code == 200
    rows = {driver.theme.starter: driver for driver, _months in page.context["rows"]}
    delivery = rows["delivery"]
    assert delivery.comments == 12 and delivery.negative == 12
    assert delivery.gap.value == -200 and delivery.clearly_down
    assert rows["friendliness"].gap.value == 200
    assert page.context["rows"][0][0].theme.starter in ("delivery", "waiting")
    overview = viewer_client.get(reverse("insights:overview", args=[org.slug]))
    assert {d.theme.starter for d in overview.context["pulling_down"]} >= {"delivery"}


def test_the_map_card_names_what_hurts(viewer_client, org, commented, journey):
    commented.touchpoint = journey["touchpoint"]
    commented.save()
    for n in range(12):
        answer(commented, f"Paketti tuli viikon myöhässä {n}", nps=2)
        answer(commented, f"Myyjä oli ystävällinen {n}", nps=10)
    analyze_pending()
    html = viewer_client.get(reverse("journeys:map", args=[org.slug])).content.decode()
    assert "hurts: Delivery" in html


def test_a_theme_becomes_an_improvement_once(org, agent, read):
    client = client_for(agent)
    delivery = Theme.objects.get(organization=org, starter="delivery")
    first = client.post(url("theme_improve", org, delivery.pk))
    second = client.post(url("theme_improve", org, delivery.pk))
    assert first.status_code == second.status_code == 302
    improvement = Improvement.objects.get(theme=delivery)
    assert improvement.source == "comments" and "12 comments" in improvement.description
    assert first["Location"] == second["Location"]


def test_a_manager_edits_a_rule_with_a_preview(manager_client, org, read):
    hours = Theme.objects.get(organization=org, starter="hours")
    data = {"name_fi": "Aukiolo", "rule_fi": "myyjä*", "active": "on"}
    preview = manager_client.post(url("theme_edit", org, hours.pk), {**data, "preview": "1"})
    assert preview.status_code == 200 and len(preview.context["preview"]) == 12
    hours.refresh_from_db()
    assert hours.rules["fi"] != "myyjä*"  # a preview saves nothing
    saved = manager_client.post(url("theme_edit", org, hours.pk), data)
    assert saved.status_code == 302
    hours.refresh_from_db()
    assert hours.rules == {"fi": "myyjä*"} and hours.name == {"fi": "Aukiolo"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rule_fi": "jono"}, "Give the theme a name"),
        ({"name_fi": "Jono"}, "Write a rule in at least one language"),
        ({"name_fi": "Jono", "rule_fi": "(jono"}, "brackets do not pair up"),
        ({"name_fi": "Jono", "rule_sv": "kö OR"}, "A word is missing"),
    ],
)
def test_a_wrong_theme_is_refused_and_nothing_saved(manager_client, org, data, message):
    before = Theme.objects.filter(organization=org).count()
    page = manager_client.post(url("theme_new", org), data)
    assert page.status_code == 400 and message in page.content.decode()
    assert Theme.objects.filter(organization=org).count() == before


def test_agents_do_not_edit_themes(org, agent):
    theme = Theme.objects.filter(organization=org).first()
    client = client_for(agent)
    assert client.get(url("theme_new", org)).status_code == 403
    assert client.post(url("theme_delete", org, theme.pk)).status_code == 403
    assert Theme.objects.filter(pk=theme.pk).exists()


def test_deleting_a_theme_asks_first(manager_client, org, read):
    delivery = Theme.objects.get(organization=org, starter="delivery")
    ask = manager_client.get(url("theme_delete", org, delivery.pk)).content.decode()
    assert "12 comments lose this theme" in ask
    manager_client.post(url("theme_delete", org, delivery.pk))
    assert not Theme.objects.filter(pk=delivery.pk).exists()


def test_suggestions_from_comments_no_theme_covers(manager_client, org, commented):
    for n in range(4):
        answer(commented, f"Lahjapaperi repesi taas {n}", nps=3)
    analyze_pending()
    page = manager_client.get(url("themes", org))
    suggested = [s.words for s in page.context["suggested"]]
    assert "lahjapaperi" in " ".join(suggested)
    made = manager_client.post(
        url("suggestion_add", org), {"words": "lahjapaperi", "language": "fi"}
    )
    assert made.status_code == 302
    theme = Theme.objects.get(organization=org, rules={"fi": "lahjapaperi"})
    rematch_themes()
    assert CommentTheme.objects.filter(theme=theme).count() == 4
    bad = manager_client.post(url("suggestion_add", org), {"words": "", "language": "xx"})
    assert bad.status_code == 400


def test_the_models_page_and_training_now(manager_client, org, read):
    page = manager_client.get(url("models", org))
    assert page.status_code == 200 and "word list" in page.content.decode()
    trained = manager_client.post(url("train", org), {"language": "fi"}, follow=True)
    assert "Too few scored comments" in trained.content.decode()
    assert manager_client.post(url("train", org), {"language": "xx"}).status_code == 400


def test_answers_and_inbox_filter_by_theme_and_sentiment(owner_client, org, read):
    delivery = Theme.objects.get(organization=org, starter="delivery")
    responses = owner_client.get(
        reverse("surveys:responses", args=[org.slug, read.pk]), {"theme": delivery.pk}
    )
    assert responses.context["page"].paginator.count == 12
    positive = owner_client.get(
        reverse("surveys:responses", args=[org.slug, read.pk]), {"sentiment": "positive"}
    )
    assert positive.context["page"].paginator.count == 12
    inbox = owner_client.get(
        reverse("cases:inbox", args=[org.slug]), {"view": "all", "theme": delivery.pk}
    )
    assert inbox.context["page"].paginator.count == 12
    assert Case.objects.filter(organization=org).count() == 24


def test_the_comment_list_costs_a_few_queries(
    viewer_client, org, read, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        viewer_client.get(url("comments", org))
