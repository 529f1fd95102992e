"""Building a survey: presets, texts, questions, preview, publish, close."""

import pytest
from django.urls import reverse

from polku.conftest import client_for
from polku.surveys.actions import create_survey, publish_problems
from polku.surveys.kinds import Kind
from polku.surveys.models import Question, Survey
from polku.surveys.presets import PRESETS


def url(name, org, *args):
    return reverse(f"surveys:{name}", args=[org.slug, *args])


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_preset_is_short_bilingual_and_ends_asking_how_to_do_better(preset, org):
    survey = create_survey(org, preset, preset=preset, languages=["fi", "en"])
    questions = list(survey.questions.all())
    assert 1 <= len(questions) <= 5
    texts = [q.text for q in questions]
    better = [t for t in texts if t["en"] == "How could we do better?"]
    assert len(better) == 1
    assert questions[-1].kind == Kind.LONG_TEXT
    assert questions[-1].text["en"] == "How could we do better?"
    assert all(set(t) == {"fi", "en"} for t in texts)
    assert set(survey.title) == {"fi", "en"} and survey.thanks
    assert publish_problems(survey) == []


def test_manager_creates_survey_from_preset(manager_client, org, journey):
    response = manager_client.post(
        url("new", org),
        {
            "name": "After delivery",
            "preset": "delivery",
            "languages": ["fi"],
            "touchpoint": journey["touchpoint"].pk,
        },
    )
    survey = Survey.objects.get()
    assert response["Location"] == url("detail", org, survey.pk)
    assert survey.status == Survey.Status.DRAFT and survey.languages == ["fi"]
    assert survey.touchpoint == journey["touchpoint"]
    assert all(set(q.text) == {"fi"} for q in survey.questions.all())


def test_new_survey_needs_a_language_and_own_touchpoint(manager_client, org, other_org):
    from polku.conftest import make_journey
    from polku.journeys.models import Touchpoint

    foreign = make_journey(other_org)["touchpoint"]
    response = manager_client.post(
        url("new", org), {"name": "X", "preset": "", "touchpoint": foreign.pk}
    )
    errors = response.context["form"].errors
    assert "languages" in errors and "touchpoint" in errors
    assert not Survey.objects.exists()
    assert Touchpoint.objects.filter(organization=other_org).exists()


def test_blank_survey_cannot_be_published_until_it_has_questions(manager_client, org):
    manager_client.post(url("new", org), {"name": "Blank", "preset": "", "languages": ["en"]})
    survey = Survey.objects.get()
    manager_client.post(url("publish", org, survey.pk))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT and survey.current_version is None
    page = manager_client.get(url("detail", org, survey.pk)).content.decode()
    assert "Add at least one question." in page


def test_add_edit_reorder_and_delete_questions(manager_client, org):
    survey = create_survey(org, "S", languages=["fi", "en"])
    create = url("question_create", org, survey.pk) + "?kind=multichoice"
    response = manager_client.post(
        create,
        {
            "kind": "multichoice",
            "text_fi": "Mitä ostit?",
            "text_en": "What did you buy?",
            "choices_fi": "Voide\nSeerumi\n",
            "choices_en": "Cream\nSerum",
            "max_rating": "5",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.choices == [
        {"key": "c1", "text": {"fi": "Voide", "en": "Cream"}},
        {"key": "c2", "text": {"fi": "Seerumi", "en": "Serum"}},
    ]
    manager_client.post(
        url("question_create", org, survey.pk),
        {
            "kind": "nps",
            "required": "on",
            "text_fi": "Suosittelisitko?",
            "text_en": "Recommend?",
            "max_rating": "5",
        },
    )
    nps = Question.objects.get(kind="nps")
    manager_client.post(url("question_move", org, survey.pk, nps.pk), {"direction": "up"})
    assert [q.kind for q in survey.questions.all()] == ["nps", "multichoice"]
    manager_client.post(url("question_delete", org, survey.pk, question.pk))
    assert list(survey.questions.values_list("kind", flat=True)) == ["nps"]


def test_question_form_refuses_missing_language_and_uneven_options(manager_client, org):
    survey = create_survey(org, "S", languages=["fi", "en"])
    response = manager_client.post(
        url("question_create", org, survey.pk),
        {
            "kind": "choice",
            "text_fi": "Kumpi?",
            "text_en": "",
            "choices_fi": "A\nB\nC",
            "choices_en": "A\nB",
            "max_rating": "5",
        },
    )
    errors = response.context["form"].errors
    assert "text_en" in errors and "choices_fi" in errors
    assert not Question.objects.exists()


def test_settings_save_texts_per_language(manager_client, org):
    survey = create_survey(org, "S", preset="website", languages=["fi"])
    response = manager_client.post(
        url("settings", org, survey.pk),
        {
            "name": "Website",
            "title_fi": "Palautetta",
            "title_en": "Feedback",
            "thanks_fi": "Kiitos!",
            "incentive_fi": "Arvomme lahjakortin.",
            "review_url": "g.page/kaisla/review",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == {"fi": "Palautetta", "en": "Feedback"}
    assert survey.incentive == {"fi": "Arvomme lahjakortin."}
    assert survey.review_url == "https://g.page/kaisla/review"
    response = manager_client.post(url("settings", org, survey.pk), {"name": "Website"})
    assert "at least one language" in response.content.decode()


def test_preview_shows_the_draft_and_saves_nothing(viewer_client, org):
    survey = create_survey(org, "S", preset="support_contact", languages=["fi", "en"])
    html = viewer_client.get(url("preview", org, survey.pk) + "?lang=en").content.decode()
    assert "Preview: answers are not saved." in html
    assert "How easy was it to get your matter handled?" in html


def test_publish_close_reopen(manager_client, org):
    survey = create_survey(org, "S", preset="website", languages=["en"])
    manager_client.post(url("publish", org, survey.pk))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN and survey.current_version.number == 1
    manager_client.post(url("status", org, survey.pk), {"status": "closed"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    manager_client.post(url("status", org, survey.pk), {"status": "open"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN


def test_agents_and_viewers_read_but_do_not_build(org, agent, viewer):
    survey = create_survey(org, "S", preset="website", languages=["en"])
    for user in (agent, viewer):
        client = client_for(user)
        assert client.get(url("detail", org, survey.pk)).status_code == 200
        assert client.get(url("new", org)).status_code == 403
        assert client.post(url("publish", org, survey.pk)).status_code == 403
        assert client.post(url("delete", org, survey.pk)).status_code == 403
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_delete_asks_first_and_tells_how_many_responses_go(
    manager_client, survey, org, public_client
):
    from polku.surveys.tests.conftest import form_data, keys, respond_url

    public_client.post(respond_url(survey), form_data(survey, **{keys(survey)[0]: "8"}))
    page = manager_client.get(url("delete", org, survey.pk)).content.decode()
    assert "Its 1 response is deleted too." in page
    assert Survey.objects.exists()
    manager_client.post(url("delete", org, survey.pk))
    assert not Survey.objects.exists()


def test_detail_shows_links_qr_and_widget_once_open(viewer_client, survey, org):
    html = viewer_client.get(url("detail", org, survey.pk)).content.decode()
    assert f"/s/{survey.public_id}/" in html
    assert "widget.js" in html and f'data-survey="{survey.public_id}"' in html
    assert "iframe" in html


def test_qr_codes_and_poster(viewer_client, survey, org):
    svg = viewer_client.get(url("qr_svg", org, survey.pk))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = viewer_client.get(url("qr_png", org, survey.pk))
    assert png.content.startswith(b"\x89PNG")
    poster = viewer_client.get(url("poster", org, survey.pk)).content.decode()
    assert "<svg" in poster and "src=qr&amp;ch=store" in poster


def test_poster_as_one_a4_svg(viewer_client, survey, org):
    import xml.etree.ElementTree as ET

    response = viewer_client.get(url("poster_svg", org, survey.pk))
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.get("width") == "210mm" and root.get("height") == "297mm"
    assert "Thank you for visiting!" in response.content.decode()  # in the organization language
    assert root.find("{http://www.w3.org/2000/svg}svg") is not None  # the QR code inside


def test_poster_as_an_a4_png_with_the_store_code(viewer_client, survey, org):
    import io

    import segno
    from PIL import Image

    response = viewer_client.get(url("poster_png", org, survey.pk))
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1240, 1754)  # A4 at 150 dpi
    # The code on the poster is the store code, module by module.
    code = segno.make(f"http://testserver/s/{survey.public_id}/?src=qr&ch=store", error="m")
    matrix = code.matrix
    side = round(120 * 150 / 25.4)
    left, top = round(45 * 150 / 25.4), round(95 * 150 / 25.4)
    module = side / len(matrix)
    for row_index, row in enumerate(matrix):
        for column_index, dark in enumerate(row):
            x = int(left + (column_index + 0.5) * module)
            y = int(top + (row_index + 0.5) * module)
            assert (image.getpixel((x, y))[0] < 128) == bool(dark), (row_index, column_index)
    # Text above the code (the title) is drawn: some dark pixels in the title band.
    title_band = image.crop((0, round(25 * 150 / 25.4), 1240, round(45 * 150 / 25.4)))
    assert title_band.convert("L").getextrema()[0] < 100


def test_the_poster_font_has_the_finnish_and_swedish_letters():
    from PIL import ImageFont

    from polku.surveys.views.share import POSTER_FONTS

    for path in POSTER_FONTS.values():
        font = ImageFont.truetype(str(path), 40)
        missing = bytes(font.getmask("\ue000"))  # a private-use character: no glyph
        for letter in "äöåÄÖÅ":
            assert bytes(font.getmask(letter)) != missing, (path, letter)
