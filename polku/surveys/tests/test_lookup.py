import pytest
from django.http import Http404

from polku.surveys.actions import publish
from polku.surveys.lookup import survey_by_public_id
from polku.surveys.models import Survey


def test_cached_lookup_forgets_a_survey_when_it_changes(
    survey, settings, django_assert_num_queries
):
    settings.POLKU_SURVEY_CACHE_SECONDS = 60
    first = survey_by_public_id(survey.public_id)
    with django_assert_num_queries(0):
        assert survey_by_public_id(survey.public_id) is first
    survey.status = Survey.Status.CLOSED
    survey.save()
    assert survey_by_public_id(survey.public_id).status == Survey.Status.CLOSED
    survey.status = Survey.Status.OPEN
    survey.save()
    version = publish(survey)
    assert survey_by_public_id(survey.public_id).current_version == version


def test_unknown_public_id(db, settings):
    settings.POLKU_SURVEY_CACHE_SECONDS = 60
    with pytest.raises(Http404):
        survey_by_public_id("nope")
