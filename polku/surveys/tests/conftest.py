import uuid

import pytest
from django.test import Client
from django.urls import reverse


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
