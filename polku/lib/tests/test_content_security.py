"""Every page carries a strict Content-Security-Policy; survey pages may be framed."""

from __future__ import annotations

from django.urls import reverse

from polku.customers.models import Customer


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_staff_pages_allow_no_inline_script_or_style_and_no_framing(owner_client, org):
    response = owner_client.get(reverse("journeys:map", args=[org.slug]))
    policy = directives(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    # The login page too, before anyone is signed in.
    login = directives(owner_client.get(reverse("accounts:login")))
    assert login["script-src"] == "'self'" and login["style-src"] == "'self'"


def test_survey_pages_may_be_framed_but_run_no_inline_script(client, survey):
    response = client.get(reverse("respond:survey", args=[survey.public_id]))
    policy = directives(response)
    assert "frame-ancestors" not in policy and "X-Frame-Options" not in response
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"


def test_the_personal_data_export_runs_no_script_at_all(owner_client, org):
    customer = Customer.objects.create(organization=org, name="Maija")
    response = owner_client.get(reverse("privacy:export_html", args=[org.slug, customer.pk]))
    assert directives(response) == {"default-src": "'none'", "style-src": "'unsafe-inline'"}
