"""Answering through the public link: stored once, never a 500, answers kept on errors."""

import pytest
from django.urls import reverse

from polku.surveys.actions import publish
from polku.surveys.models import Answer, Response, ResponseRollup, Survey
from polku.surveys.tests.conftest import form_data, keys, respond_url


def test_page_shows_title_estimate_and_every_question(public_client, survey):
    html = public_client.get(respond_url(survey), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Thank you for visiting!" in html
    assert "Answering takes about 2 minutes." in html
    assert html.count('id="q-') == 5
    assert 'name="submission"' in html and "<script" not in html
    fi = public_client.get(respond_url(survey) + "?lang=fi").content.decode()
    assert "Kiitos käynnistä!" in fi and 'lang="fi"' in fi


def test_valid_answer_is_stored_with_its_origin(public_client, survey, journey):
    nps, rating, best, consent, better = keys(survey)
    data = form_data(
        survey, **{nps: "9", rating: "4", best: "Aino", better: "Parking", consent: "yes"}
    )
    response = public_client.post(
        respond_url(survey) + "?ch=store&src=qr", data | {"src": "qr", "ch": "store"}
    )
    assert response.status_code == 303
    assert response["Location"].startswith(reverse("respond:thanks", args=[survey.public_id]))
    stored = Response.objects.get()
    assert (stored.nps, stored.source, stored.language) == (9, "qr", "en")
    assert stored.touchpoint == journey["touchpoint"]
    assert stored.channel.kind == "store"
    assert stored.version == survey.current_version
    assert stored.has_comment
    assert Answer.objects.filter(response=stored).count() == 5
    consent_answer = Answer.objects.get(question_key=consent)
    assert consent_answer.number == 1
    rollup = ResponseRollup.objects.get()
    assert (rollup.responses, rollup.nps_count, rollup.nps_promoters) == (1, 1, 1)


def test_double_submit_and_retry_store_one_response(public_client, survey):
    data = form_data(survey, **{keys(survey)[0]: "10"})
    first = public_client.post(respond_url(survey), data)
    second = public_client.post(respond_url(survey), data)
    assert first.status_code == second.status_code == 303
    assert Response.objects.count() == 1
    assert ResponseRollup.objects.get().responses == 1


def test_errors_keep_every_answer_and_store_nothing(public_client, survey):
    nps, rating, best, _consent, better = keys(survey)
    data = form_data(survey, **{rating: "7", best: "Friendly staff", better: "More parking"})
    response = public_client.post(respond_url(survey), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "This question needs an answer." in html  # the required NPS
    assert "Choose a value from 1 to 5." in html
    assert "Friendly staff" in html and "More parking" in html
    assert f'value="{data["submission"]}"' in html  # the same key, so a fix still stores once
    assert not Response.objects.exists()


def test_errors_in_finnish_for_a_finnish_respondent(public_client, survey):
    data = form_data(survey) | {"lang": "fi"}
    html = public_client.post(respond_url(survey), data).content.decode()
    assert "Tähän kysymykseen tarvitaan vastaus." in html


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (lambda d: d.pop("submission"), 400),
        (lambda d: d.update(submission="not-a-key"), 400),
        (lambda d: d.update(version="999999"), 400),
        (lambda d: d.update(version="abc"), 400),
        (lambda d: d.update(q999999="5"), 400),
    ],
)
def test_forged_or_broken_forms_are_refused(public_client, survey, change, status):
    data = form_data(survey, **{keys(survey)[0]: "8"})
    change(data)
    response = public_client.post(respond_url(survey), data)
    assert response.status_code == status
    assert "Nothing was saved" in response.content.decode()
    assert not Response.objects.exists()


def test_wrong_content_type_and_oversized_body(public_client, survey):
    response = public_client.post(respond_url(survey), '{"q1": 5}', content_type="application/json")
    assert response.status_code == 415
    big = form_data(survey, **{keys(survey)[4]: "x" * 70_000})
    assert public_client.post(respond_url(survey), big).status_code == 413
    assert not Response.objects.exists()


def test_honeypot_thanks_the_bot_and_keeps_nothing(public_client, survey):
    data = form_data(survey, **{keys(survey)[0]: "10"}) | {"website": "http://spam.example"}
    assert public_client.post(respond_url(survey), data).status_code == 303
    assert not Response.objects.exists()


def test_rate_limit_per_address(public_client, survey, settings):
    settings.POLKU_RESPONSE_RATE_LIMIT = 3
    statuses = [
        public_client.post(
            respond_url(survey),
            form_data(survey, **{keys(survey)[0]: "7"}),
            REMOTE_ADDR="198.51.100.7",
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [303, 303, 303, 429, 429]
    assert Response.objects.count() == 3
    other = public_client.post(
        respond_url(survey), form_data(survey, **{keys(survey)[0]: "7"}), REMOTE_ADDR="198.51.100.8"
    )
    assert other.status_code == 303


def test_draft_and_closed_surveys_take_no_answers(public_client, survey, org):
    survey.status = Survey.Status.CLOSED
    survey.save()
    assert public_client.get(respond_url(survey)).status_code == 410
    data = form_data(survey, **{keys(survey)[0]: "7"})
    assert public_client.post(respond_url(survey), data).status_code == 410
    assert public_client.get(reverse("respond:survey", args=["nonexistent"])).status_code == 404
    assert not Response.objects.exists()


def test_answers_to_an_old_version_keep_their_questions(public_client, survey, manager_client, org):
    old_version = survey.current_version
    old_form = form_data(survey, **{keys(survey)[0]: "9"})
    public_client.post(respond_url(survey), form_data(survey, **{keys(survey)[0]: "3"}))
    question = survey.questions.first()
    question.text = {"fi": "Uusi sanamuoto", "en": "New wording"}
    question.save()
    new_version = publish(survey)
    assert new_version.number == old_version.number + 1
    old_version.refresh_from_db()
    assert old_version.questions[0]["text"]["en"] != "New wording"
    # A page opened before the change is still answered against the version it showed.
    public_client.post(respond_url(survey), old_form)
    assert Response.objects.filter(version=old_version).count() == 2
    survey.refresh_from_db()
    assert "New wording" in public_client.get(respond_url(survey)).content.decode()


def test_republishing_an_unanswered_version_replaces_it(survey):
    first = survey.current_version
    again = publish(survey)
    assert again.pk == first.pk and survey.versions.count() == 1


def test_respondent_pages_may_be_framed_and_need_no_cookie(public_client, survey):
    response = public_client.get(respond_url(survey) + "?src=widget")
    assert "X-Frame-Options" not in response
    assert not response.cookies
