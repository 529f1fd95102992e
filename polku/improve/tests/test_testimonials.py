"""Testimonials: kept only with consent and a comment, withdrawn for good, exported safely."""

import csv
import io

from django.urls import reverse

from polku.conftest import client_for
from polku.customers.models import Customer
from polku.improve import models
from polku.improve.testimonials import html_snippet, library, withdraw
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Parsed
from polku.surveys.tests.conftest import form_data, keys, respond_url


def answer(survey, *, nps=9, best="", better="", consent=True, customer=None, language="en"):
    nps_key, rating, best_key, consent_key, better_key = keys(survey)
    answers = {nps_key: Parsed(number=nps), rating: Parsed(number=5)}
    if best:
        answers[best_key] = Parsed(text=best)
    if better:
        answers[better_key] = Parsed(text=better)
    if consent:
        answers[consent_key] = Parsed(number=1)
    response, _created = submit_response(
        survey.current_version,
        answers,
        f"k{models.Testimonial.objects.count()}{nps}{best}{better}{consent}",
        Origin(language=language, customer=customer),
    )
    return response


def test_a_consented_comment_is_kept_with_its_consent(survey, org, journey):
    customer = Customer.objects.create(organization=org, name="Aino Virtanen", email="a@x.test")
    response = answer(survey, best="Aino knew every product.", customer=customer, language="fi")
    testimonial = models.Testimonial.objects.get()
    assert testimonial.response == response
    assert testimonial.quote == "Aino knew every product."
    assert testimonial.author_name == "Aino"  # the consent promises the first name only
    assert (testimonial.score, testimonial.score_max, testimonial.score_percent) == (9, 10, 90)
    assert testimonial.consent_text.startswith("Saatte julkaista")  # the wording they saw
    assert testimonial.consented_at == response.created_at
    assert testimonial.source == "link"
    assert testimonial.touchpoint == journey["touchpoint"]


def test_no_consent_or_no_comment_keeps_nothing(survey):
    answer(survey, best="Great", consent=False)
    answer(survey, consent=True)  # ticked, but nothing to publish
    assert not models.Testimonial.objects.exists()


def test_only_the_comment_above_the_consent_is_quoted(survey):
    answer(survey, best="Lovely shop", better="Open on Sundays")
    assert models.Testimonial.objects.get().quote == "Lovely shop"


def test_the_writer_withdraws_through_the_thank_you_link(survey, client):
    nps, rating, best, consent, better = keys(survey)
    data = form_data(survey, **{nps: "10", best: "Best advice in town", consent: "yes"})
    thanks = client.post(respond_url(survey), data)
    testimonial = models.Testimonial.objects.get()
    assert f"w={testimonial.withdrawal_token}" in thanks["Location"]
    page = client.get(thanks["Location"]).content.decode()
    link = reverse("testimonial_withdraw", args=[testimonial.withdrawal_token])
    assert link in page
    assert "Best advice in town" in client.get(link).content.decode()
    assert client.post(link).status_code == 200
    testimonial.refresh_from_db()
    assert testimonial.withdrawn_at is not None and testimonial.withdrawn_by is None
    assert not library(survey.organization).exists()
    # A second click changes nothing; the thank-you page no longer offers the link.
    assert client.post(link).status_code == 200
    assert link not in client.get(thanks["Location"]).content.decode()


def test_a_forged_token_finds_nothing(client, db):
    assert client.get(reverse("testimonial_withdraw", args=["not-a-token"])).status_code == 404


def test_a_withdrawn_testimonial_is_never_shown_again(survey, org, owner_client, agent):
    answer(survey, best="Keep me")
    answer(survey, best="Withdraw me", nps=10)
    gone = models.Testimonial.objects.get(quote="Withdraw me")
    url = reverse("improve:testimonial_withdraw", args=[org.slug, gone.pk])
    client_for(agent).post(url)
    gone.refresh_from_db()
    assert gone.withdrawn_by.user == agent
    base = reverse("improve:testimonials", args=[org.slug])
    for page in (base, base + "export.csv", base + "snippet/", base + "snippet/?download=1"):
        body = b"".join(owner_client.get(page)).decode() if "csv" in page else ""
        body = body or owner_client.get(page).content.decode()
        assert "Keep me" in body, page
        assert "Withdraw me" not in body, page


def test_viewers_read_but_cannot_withdraw(survey, org, viewer_client):
    answer(survey, best="Nice")
    testimonial = models.Testimonial.objects.get()
    assert viewer_client.get(reverse("improve:testimonials", args=[org.slug])).status_code == 200
    url = reverse("improve:testimonial_withdraw", args=[org.slug, testimonial.pk])
    assert viewer_client.post(url).status_code == 403
    testimonial.refresh_from_db()
    assert testimonial.withdrawn_at is None


def test_filters_by_touchpoint_and_score(survey, org, owner_client):
    answer(survey, best="Top", nps=10)
    answer(survey, best="Good", nps=8)
    answer(survey, best="Meh", nps=6)
    url = reverse("improve:testimonials", args=[org.slug])
    good = owner_client.get(url, {"score": "75"}).content.decode()
    assert "Top" in good and "Good" in good and "Meh" not in good
    top = owner_client.get(url, {"score": "100"}).content.decode()
    assert "Top" in top and "Good" not in top
    other = owner_client.get(url, {"touchpoint": "999999"})
    assert other.status_code == 200  # an unknown touchpoint is a form error, not a 500


def test_csv_keeps_consent_and_defuses_formulas(survey, org, owner_client):
    answer(survey, best='=HYPERLINK("http://evil")')
    response = owner_client.get(reverse("improve:testimonials_csv", args=[org.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(response).decode().lstrip("\ufeff"))))
    header, row = rows
    assert row[header.index("quote")].startswith("'=")
    assert row[header.index("consent_wording")].startswith("You may publish")
    assert row[header.index("source")] == "link"


def test_html_snippet_is_escaped_and_has_no_script(survey, org):
    answer(survey, best="<script>alert(1)</script> & <b>bold</b>")
    snippet = html_snippet(library(org), org)
    assert "<script" not in snippet and "&lt;script&gt;" in snippet
    assert "<blockquote>" in snippet


def test_the_customer_page_shows_their_consents_to_publish(survey, org, owner_client):
    customer = Customer.objects.create(organization=org, name="Aino Virtanen", email="a@x.test")
    answer(survey, best="Friendly and quick", customer=customer)
    url = reverse("customers:detail", args=[org.slug, customer.pk])
    page = owner_client.get(url).content.decode()
    assert "Friendly and quick" in page and "Withdraw" in page
    withdraw(models.Testimonial.objects.get())
    assert "withdrawn" in owner_client.get(url).content.decode()
