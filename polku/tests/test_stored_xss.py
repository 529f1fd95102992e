"""Text someone typed (a customer's name, a comment, a case, a touchpoint, a testimonial)
is shown escaped in every view that shows it, and in the weekly digest email."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Membership
from polku.cases.models import Case
from polku.customers.models import Customer
from polku.insights.digest import compose, contents
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Kind, Parsed
from polku.text.analysis import analyze_pending

ATTACK = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
ESCAPED = "&lt;script&gt;"


def test_typed_text_is_escaped_everywhere_it_is_shown(org, survey, journey, owner, owner_client):
    touchpoint = journey["touchpoint"]
    touchpoint.name = f"Kassa {ATTACK}"
    touchpoint.save()
    customer = Customer.objects.create(organization=org, name=f"Maija {ATTACK}", email="m@x.test")
    keys = {q["kind"]: q["key"] for q in survey.current_version.questions}
    response, _created = submit_response(
        survey.current_version,
        {
            keys[Kind.NPS]: Parsed(number=2),
            keys[Kind.SHORT_TEXT]: Parsed(text=f"Huono {ATTACK}"),
            keys[Kind.CONSENT]: Parsed(number=1),
        },
        uuid.uuid4().hex,
        Origin(customer=customer),
    )
    analyze_pending()
    case = Case.objects.get(response=response)
    slug = org.slug
    pages = [
        reverse("cases:inbox", args=[slug]),
        reverse("cases:detail", args=[slug, case.pk]),
        reverse("customers:list", args=[slug]),
        reverse("customers:detail", args=[slug, customer.pk]),
        reverse("surveys:responses", args=[slug, survey.pk]),
        reverse("surveys:response_detail", args=[slug, survey.pk, response.pk]),
        reverse("text:comments", args=[slug]),
        reverse("journeys:map", args=[slug]),
        reverse("journeys:section_list", args=[slug, "touchpoints"]),
        reverse("insights:overview", args=[slug]) + "?days=30",
        reverse("improve:testimonials", args=[slug]),
        reverse("privacy:export_html", args=[slug, customer.pk]),
        reverse("privacy:erase", args=[slug, customer.pk]),
    ]
    for url in pages:
        html = owner_client.get(url).content.decode()
        assert "<script>alert(2)" not in html and "<img src=x" not in html, url
    # Shown at all (escaped), so the check above is not vacuous.
    assert ESCAPED in owner_client.get(pages[1]).content.decode()
    assert ESCAPED in owner_client.get(pages[3]).content.decode()

    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    _subject, _text, html = compose(contents(org, monday), Membership.objects.get(user=owner))
    assert "<script>alert(2)" not in html and "<img src=x" not in html
