import uuid

import pytest
from django.test import Client
from django.urls import reverse

from polku.surveys.actions import create_survey, publish


@pytest.fixture
def survey(org, journey):
    """The store-visit preset (NPS required, rating, short text, better, consent), open."""
    survey = create_survey(
        org,
        "Store visit",
        preset="store_visit",
        touchpoint=journey["touchpoint"],
        languages=["fi", "en"],
    )
    publish(survey)
    return survey


def keys(survey) -> list[str]:
    return [q["key"] for q in survey.current_version.questions]


def form_data(survey, **answers) -> dict:
    data = {
        "submission": uuid.uuid4().hex,
        "version": survey.current_version.pk,
        "lang": "en",
        "src": "link",
        "website": "",
    }
    data.update(answers)
    return data


def respond_url(survey) -> str:
    return reverse("respond:survey", args=[survey.public_id])


@pytest.fixture
def public_client():
    return Client()
