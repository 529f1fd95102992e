"""Answering in a real browser: the public link, without JavaScript, the QR poster, the widget.

Each respondent page is checked with axe-core and weighed with everything it loads.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from polku.conftest import axe_violations, client_for
from polku.surveys.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_store_visit(page, language="fi"):
    texts = {
        "fi": ("Lähetä vastaukset", "Tähän kysymykseen tarvitaan vastaus."),
        "en": ("Send answers", "This question needs an answer."),
    }[language]
    page.get_by_role("button", name=texts[0]).click()  # nothing chosen yet
    assert texts[1] in page.content()
    assert axe_violations(page) == []
    page.locator(".scale label", has_text="9").first.click()
    page.locator("textarea").fill("Lisää parkkipaikkoja, kiitos!")
    page.get_by_role("button", name=texts[0]).click()
    page.wait_for_url("**/thanks/**")


def weigh(page, url: str) -> tuple[int, set[str]]:
    """Bytes of the page and everything it loads, and the hosts it talked to."""
    sizes: list[int] = []
    hosts: set[str] = set()

    def on_response(response):
        hosts.add(response.url.split("/")[2])
        sizes.append(len(response.body()))

    page.on("response", on_response)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", on_response)
    return sum(sizes), hosts


def test_public_link_end_to_end(page, live_server, survey):
    page.goto(f"{live_server.url}/s/{survey.public_id}/?lang=fi")
    assert axe_violations(page) == []
    answer_store_visit(page)
    assert "Kiitos!" in page.content()
    assert axe_violations(page) == []
    response = Response.objects.get()
    assert (response.nps, response.language, response.source) == (9, "fi", "link")


def test_works_without_javascript(browser, live_server, survey):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{survey.public_id}/")
    assert "Thank you for visiting!" in page.content()  # the browser's language
    page.locator(".scale label", has_text="10").first.click()
    page.get_by_role("button", name="Send answers").click()
    page.wait_for_url("**/thanks/**")
    assert Response.objects.get().nps == 10
    context.close()


def test_respondent_page_is_small_and_self_contained(page, live_server, survey):
    total, hosts = weigh(page, f"{live_server.url}/s/{survey.public_id}/")
    assert total < 30 * 1024, total
    assert hosts == {live_server.url.split("/")[2]}


def test_qr_poster_leads_to_the_store_channel(page, live_server, survey, owner):
    client = client_for(owner)
    poster = client.get(f"/o/{survey.organization.slug}/surveys/{survey.pk}/poster/")
    url = poster.content.decode().split('<p class="url">')[1].split("</p>")[0]
    url = url.replace("&amp;", "&").replace("http://testserver", live_server.url)
    page.goto(url)
    answer_store_visit(page)
    response = Response.objects.get()
    assert (response.source, response.channel.kind) == ("qr", "store")


def test_widget_opens_the_survey_on_another_site(page, live_server, survey):
    page.set_content(
        f'<html lang="en"><body><h1>A webshop</h1><script src="{live_server.url}'
        f'/static/polku/widget.js" data-survey="{survey.public_id}"></script></body></html>'
    )
    page.get_by_role("button", name="Feedback").click()
    frame = page.frame_locator("dialog iframe")
    frame.locator(".scale label", has_text="8").first.click()
    frame.get_by_role("button", name="Send answers").click()
    frame.get_by_text("Thank you!").wait_for()
    page.get_by_role("button", name="Close").click()
    response = Response.objects.get()
    assert (response.source, response.nps, response.language) == ("widget", 8, "en")


def test_widget_script_is_within_budget():
    path = Path(django_settings.BASE_DIR) / "static" / "polku" / "widget.js"
    assert len(gzip.compress(path.read_bytes(), compresslevel=9)) <= 6 * 1024


def test_on_a_phone_the_page_fits_and_passes_axe(browser, live_server, survey):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fi-FI", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{survey.public_id}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    context.close()
