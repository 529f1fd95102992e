"""Create the benchmark's organization and open survey in Polku; print what a form sends."""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polku.settings")
django.setup()

from polku.accounts.actions import create_organization  # noqa: E402
from polku.accounts.models import User  # noqa: E402
from polku.surveys.actions import create_survey, publish  # noqa: E402

owner = User.objects.create_user("bench@polku.test", "bench-password-1", display_name="Bench")
organization = create_organization("Bench Shop", owner, "fi")
survey = create_survey(organization, "Bench", preset="store_visit", languages=["fi"])
version = publish(survey)
keys = {q["kind"]: q["key"] for q in version.questions}
print(
    json.dumps(
        {
            "path": f"/s/{survey.public_id}/",
            "version": version.pk,
            "nps": keys["nps"],
            "rating": keys["rating"],
            "text": keys["long_text"],
        }
    )
)
