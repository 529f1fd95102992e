"""Create the same three-question survey in django-survey-and-report; print its form."""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from survey.models import Question, Survey  # noqa: E402

call_command("migrate", verbosity=0)
survey = Survey.objects.create(
    name="Bench",
    description="Bench",
    is_published=True,
    need_logged_user=False,
    editable_answers=False,
    display_method=Survey.ALL_IN_ONE_PAGE,
)
nps = Question.objects.create(
    survey=survey, text="Recommend?", order=1, required=True, type=Question.INTEGER
)
rating = Question.objects.create(
    survey=survey,
    text="Service?",
    order=2,
    required=False,
    type=Question.RADIO,
    choices="1,2,3,4,5",
)
text = Question.objects.create(
    survey=survey, text="Better?", order=3, required=False, type=Question.TEXT
)
print(
    json.dumps(
        {
            "path": f"/survey/{survey.pk}/",
            "nps": f"question_{nps.pk}",
            "rating": f"question_{rating.pk}",
            "text": f"question_{text.pk}",
        }
    )
)
