"""Numbers are grouped the Finnish way on Finnish pages ("12 345"), but ids in forms and
links never are: "12 345" would not name object 12345 (found on PostgreSQL, where ids
pass 1 000 in a long test run)."""

from __future__ import annotations

import uuid

from django.urls import reverse

from polku.insights.models import Segment
from polku.journeys.models import Persona
from polku.surveys.models import Response


def test_ids_in_forms_and_links_are_plain_digits(org, owner_client):
    Persona.objects.create(pk=12345, organization=org, name="Laura")
    Segment.objects.create(pk=23456, organization=org, name="Isot ostajat", tags=["iso"])
    html = owner_client.get(
        reverse("journeys:map", args=[org.slug]) + "?segment=23456", HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    assert 'value="12345"' in html and 'value="23456"' in html
    assert "12\xa0345" not in html and "23\xa0456" not in html


def test_a_survey_version_past_a_thousand_can_be_answered(client, survey):
    version = survey.current_version
    version.pk, version.number = 6543, version.number + 1
    version.save(force_insert=True)
    survey.current_version = version
    survey.save(update_fields=["current_version"])
    url = reverse("respond:survey", args=[survey.public_id])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fi")
    assert 'name="version" value="6543"' in page.content.decode()
    nps = next(q["key"] for q in version.questions if q["kind"] == "nps")
    answer = client.post(
        url,
        {"submission": uuid.uuid4().hex, "version": "6543", "lang": "fi", "src": "link", nps: "9"},
    )
    assert answer.status_code == 303 and Response.objects.get().version_id == 6543
