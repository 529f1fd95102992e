"""The staff UI in a real browser: log in, the map, htmx reordering, language, print, a11y."""

from __future__ import annotations

import time

import pyotp
import pytest

from polku.conftest import axe_violations
from polku.demo.loader import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from polku.journeys.models import Stage
from polku.text.models import Theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server, settings):
    settings.LANGUAGE_CODE = "fi"
    return load_demo()


def log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert axe_violations(page) == []
    page.get_by_label("Sähköpostiosoite").fill(DEMO_EMAIL)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url("**/o/demo/journey/")


def test_demo_login_shows_the_journey_map_with_four_stages(page, live_server, demo):
    log_in(page, live_server)
    headers = page.locator("table.map thead th").all_inner_texts()
    assert headers[1:] == ["Lähtötila", "Ennen ostosta", "Ostotapahtuma", "Oston jälkeen"]
    assert page.locator(".tp").count() == 17
    assert axe_violations(page) == []


# Every staff page the demo has, each checked by axe after one login and one demo load (a
# test per page would load the demo again for each: minutes of the suite on PostgreSQL).
STAFF_PAGES = (
    "/o/demo/journey/blueprint/",
    "/o/demo/journey/touchpoints/",
    "/o/demo/journey/personas/",
    "/o/demo/journey/touchpoints/new/",
    "/o/demo/members/",
    "/o/demo/outbox/",
    "/o/demo/automation/",
    "/o/demo/inbox/",
    "/o/demo/inbox/new/",
    "/o/demo/inbox/figures/",
    "/o/demo/automation/rules/",
    "/o/demo/automation/messages/",
    "/o/demo/automation/messages/invitation/fi/",
    "/o/demo/insights/",
    "/o/demo/insights/people/",
    "/o/demo/insights/repeat/",
    "/o/demo/insights/kpis/",
    "/o/demo/insights/revenue/",
    "/o/demo/insights/segments/",
    "/o/demo/insights/segments/new/",
    "/o/demo/insights/compare/",
    "/o/demo/insights/compare/?by=segment&then=quarter&days=365",
    "/o/demo/improve/",
    "/o/demo/improve/audits/",
    "/o/demo/improve/testimonials/",
    "/o/demo/improve/testimonials/snippet/",
    "/o/demo/comments/",
    "/o/demo/comments/?sentiment=negative",
    "/o/demo/comments/drivers/",
    "/o/demo/comments/themes/",
    "/o/demo/comments/themes/new/",
    "/o/demo/comments/models/",
    "/o/demo/privacy/",
    "/o/demo/webhooks/",
    "/accounts/two-step/",
)


def violations_by_page(page, live_server, paths) -> dict[str, list[dict]]:
    """axe's findings on each of the pages, where it found any."""
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        if violations := axe_violations(page):
            found[path] = violations
    return found


def test_staff_pages_pass_axe(page, live_server, demo):
    log_in(page, live_server)
    assert violations_by_page(page, live_server, STAFF_PAGES) == {}


def test_a_word_the_corrections_found_goes_into_the_rule(page, live_server, demo):
    """The staff gave some comments the website theme by hand; the theme's page lists the
    words its rule misses, and one click adds one."""
    website = Theme.objects.get(organization=demo, starter="website")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/o/demo/comments/themes/{website.pk}/")
    assert page.get_by_role("heading", name="Mitä korjaukset kertovat").is_visible()
    assert axe_violations(page) == []
    word = page.locator("li").filter(has=page.locator("strong", has_text="ainesosaluettelo"))
    word.get_by_role("button", name="Lisää sääntöön (suomi)").click()
    page.wait_for_selector(".messages")
    assert "”ainesosaluettelo” on nyt säännössä" in page.locator(".messages").inner_text()
    website.refresh_from_db()
    assert website.rules["fi"].endswith(" OR ainesosaluettelo")
    assert axe_violations(page) == []


def test_two_step_login_turned_on_and_used(page, live_server, demo):
    """Turn it on from the QR page (the key shown beside the code stands in for the phone's
    scan), then log in again: password, then the code page, then the map."""
    log_in(page, live_server)
    page.goto(live_server.url + "/accounts/two-step/")
    secret = page.locator("main code").inner_text().replace(" ", "")
    page.get_by_label("Koodi").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Ota kaksivaiheinen kirjautuminen käyttöön").click()
    page.wait_for_selector(".recovery-codes")
    assert page.locator(".recovery-codes li").count() == 10
    assert axe_violations(page) == []
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(DEMO_EMAIL)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url("**/accounts/login/code/**")
    assert axe_violations(page) == []
    # The code of the next 30-second step: the one just used at setup cannot work twice.
    page.get_by_label("Koodi").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url("**/o/demo/journey/")


def test_persona_view_of_the_map(page, live_server, demo):
    log_in(page, live_server)
    page.select_option("#persona-pick", label="Laura, kiireinen asiantuntija")
    page.wait_for_url("**?persona=*")
    assert page.locator(".step-no").all_inner_texts()[:3] == ["1.", "2.", "3."]
    assert axe_violations(page) == []


def test_reordering_stages_with_htmx_keeps_the_page(page, live_server, demo):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/o/demo/journey/stages/")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Siirrä ”Lähtötila” alaspäin").click()
    page.wait_for_function(
        "() => document.querySelector('#rows tbody tr td strong').textContent === 'Ennen ostosta'"
    )
    assert page.evaluate("window.notReloaded") is True  # swapped in place, no reload
    names = list(Stage.objects.filter(organization=demo).values_list("name", flat=True))
    assert names[:2] == ["Ennen ostosta", "Lähtötila"]


def test_language_switch(page, live_server, demo):
    log_in(page, live_server)
    page.get_by_role("button", name="In English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Customer journey of Kauneuspuoti Kaisla"
    page.get_by_role("button", name="Suomeksi").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Asiakaspolku: Kauneuspuoti Kaisla"


def test_switching_organization(page, live_server, demo):
    log_in(page, live_server)
    page.locator(".switcher summary").click()
    page.get_by_role("link", name="Clearview Glass Care").click()
    page.wait_for_url("**/o/clearview/journey/")
    assert "Clearview Glass Care" in page.locator("h1").inner_text()


def test_print_hides_navigation_and_fits_a4_landscape(page, live_server, demo):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/o/demo/journey/blueprint/")
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()
    pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    # A4 landscape: 297 mm × 210 mm = 842 × 595 points.
    assert b"/MediaBox [0 0 841.91998 594.95996]" in pdf or b"842" in pdf


def test_survey_pages_pass_axe(page, live_server, demo):
    from polku.surveys.models import Survey

    log_in(page, live_server)
    survey = Survey.objects.filter(organization=demo, preset="store_visit").get()
    response = survey.responses.first()
    survey_pages = (
        "/o/demo/surveys/",
        "/o/demo/surveys/new/",
        f"/o/demo/surveys/{survey.pk}/",
        f"/o/demo/surveys/{survey.pk}/settings/",
        f"/o/demo/surveys/{survey.pk}/questions/new/?kind=choice",
        f"/o/demo/surveys/{survey.pk}/responses/",
        f"/o/demo/surveys/{survey.pk}/responses/{response.pk}/",
        f"/o/demo/surveys/{survey.pk}/invitations/",
        "/o/demo/customers/",
        f"/o/demo/customers/{demo_customer_id()}/",
        "/o/demo/api-keys/",
        "/o/demo/customers/connections/",
        "/o/demo/customers/import/",
    )
    assert violations_by_page(page, live_server, survey_pages) == {}


def demo_customer_id() -> int:
    from polku.customers.models import Customer

    return Customer.objects.get(organization__slug="demo", email="laura.makinen@example.fi").pk


def test_a_touchpoint_page_from_the_overview_draws_its_charts(page, live_server, demo):
    log_in(page, live_server)
    page.goto(live_server.url + "/o/demo/insights/")
    page.locator("section", has_text="Heikoimmin menestyvät").get_by_role("link").first.click()
    page.wait_for_url("**/insights/touchpoints/*/?days=30")
    # Chart.js drew into the canvases (served by Polku itself, no CDN).
    assert page.evaluate("Object.keys(Chart.instances).length") >= 2
    assert axe_violations(page) == []


def test_picking_a_segment_filters_the_overview_and_the_map(page, live_server, demo):
    log_in(page, live_server)
    page.goto(live_server.url + "/o/demo/insights/?days=90")
    page.get_by_label("Asiakkaat", exact=True).select_option(label="Isot ostajat")
    page.locator("form.segment-pick").get_by_role("button", name="Näytä").click()
    page.wait_for_url("**/insights/?days=90&segment=*")
    assert "Vain segmentin ”Isot ostajat”" in page.locator(".segment-note").inner_text()
    assert axe_violations(page) == []
    # The period links keep the segment.
    page.get_by_role("link", name="viimeiset 365 päivää").click()
    page.wait_for_url("**/insights/?days=365&segment=*")
    page.goto(page.url.replace("/insights/", "/journey/"))
    assert page.locator(".segment-note").count() == 1
    assert axe_violations(page) == []


def test_an_owner_exports_and_erases_a_customer_from_their_page(page, live_server, demo):
    from polku.customers.models import Customer
    from polku.privacy.models import Erasure

    log_in(page, live_server)
    quiet = Customer.objects.get(organization=demo, email="raili.mustonen@example.fi")
    page.goto(f"{live_server.url}/o/demo/customers/{quiet.pk}/")
    page.get_by_role("link", name="Avaa luettavana sivuna").click()
    assert page.locator("h1").inner_text() == "Henkilötiedot, joita Kauneuspuoti Kaisla säilyttää"
    assert axe_violations(page) == []
    page.go_back()
    page.get_by_role("link", name="Poista…").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Poista lopullisesti").click()
    assert "Vahvista poisto rastittamalla ruutu." in page.content()  # nothing happened yet
    assert Customer.objects.filter(pk=quiet.pk).exists()
    page.get_by_label("Ymmärrän, ettei tätä voi perua.").check()
    page.get_by_role("button", name="Poista lopullisesti").click()
    page.wait_for_url("**/o/demo/customers/")
    assert not Customer.objects.filter(pk=quiet.pk).exists()
    assert Erasure.objects.filter(organization=demo, customer_number=quiet.pk).exists()


def test_the_walks_would_see_an_inline_script_refused(page, live_server):
    """axe_violations also reports what a page's policy refused: the walks above prove no
    page of Polku needs an inline script or style."""
    page.route(
        "http://shop.test/",
        lambda route: route.fulfill(
            body='<html lang="fi"><title>t</title><main><h1>Hei</h1>'
            '<button onclick="alert(1)">Paina</button><p style="color:red">x</p></main></html>',
            headers={"content-type": "text/html", "content-security-policy": "script-src 'self'"},
        ),
    )
    page.goto("http://shop.test/")
    page.get_by_role("button", name="Paina").click()
    refused = [v for v in axe_violations(page) if v["id"] == "content-security-policy"]
    assert refused and "script-src" in refused[0]["refused"]
