"""Builders of the comment tests."""

from __future__ import annotations

import pytest

from polku.surveys.actions import create_survey, publish
from polku.surveys.kinds import Kind


@pytest.fixture
def commented(org):
    """A survey of an NPS question and a comment."""
    survey = create_survey(org, "Feedback", languages=["fi", "en"])
    survey.questions.create(organization=org, kind=Kind.NPS, text={"fi": "NPS"}, position=0)
    survey.questions.create(organization=org, kind=Kind.LONG_TEXT, text={"fi": "Kerro"}, position=1)
    publish(survey)
    return survey
