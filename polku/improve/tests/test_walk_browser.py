"""An audit walked on a phone in a real browser: big tap targets, one touchpoint a screen."""

from __future__ import annotations

import pytest

from polku.conftest import PASSWORD, axe_violations
from polku.improve import audits
from polku.improve.models import Audit, Improvement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="fi-FI", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_an_audit_walked_with_a_thumb(phone, live_server, owner, org):
    template = audits.create_template(org, "", "phone_contact")
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("Sähköpostiosoite").fill(owner.email)
    phone.get_by_label("Salasana").fill(PASSWORD)
    phone.get_by_role("button", name="Kirjaudu sisään").tap()
    phone.wait_for_url("**/o/**")
    phone.goto(f"{live_server.url}/o/{org.slug}/improve/audits/checklists/{template.pk}/")
    phone.get_by_role("button", name="Aloita auditointi").tap()
    phone.wait_for_url("**/walk/")
    assert phone.get_by_text("Kosketuspiste 1/2").is_visible()
    assert axe_violations(phone) == []
    checks = phone.locator("fieldset.check")
    assert checks.count() == 3
    for i, answer in enumerate(["Kunnossa", "Ei kunnossa", "Kunnossa"]):
        target = checks.nth(i).locator("label.tap").filter(has_text=answer).first
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44  # a thumb's target
        target.tap()
    phone.get_by_role("button", name="Seuraava kosketuspiste").tap()
    phone.wait_for_url("**?step=2")
    phone.locator("fieldset.check").nth(1).locator("label.tap").filter(has_text="4").tap()
    phone.get_by_role("button", name="Yhteenvetoon").tap()
    phone.get_by_role("button", name="Päätä auditointi").tap()
    phone.get_by_text("Auditointi on päätetty.").wait_for()
    assert axe_violations(phone) == []
    audit = Audit.objects.get()
    assert audit.finished_at is not None
    assert audit.score == pytest.approx((100 + 0 + 100 + 75) / 4)
    phone.get_by_role("button", name="Tee kehityskohde").tap()
    phone.wait_for_url("**/improve/*/")
    assert Improvement.objects.get().finding.passed is False
