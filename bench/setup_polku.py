"""Create the benchmark's organization, open survey and API key in Polku; print what a form
sends, the key, and the owner's login."""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polku.settings")
django.setup()

from polku.accounts.actions import create_organization  # noqa: E402
from polku.accounts.apikeys import create_api_key  # noqa: E402
from polku.accounts.models import User  # noqa: E402
from polku.surveys.actions import create_survey, publish  # noqa: E402

owner = User.objects.create_user("bench@polku.test", "bench-password-1", display_name="Bench")
organization = create_organization("Bench Shop", owner, "fi")
survey = create_survey(organization, "Bench", preset="store_visit", languages=["fi"])
version = publish(survey)
keys = {q["kind"]: q["key"] for q in version.questions}
_api_key, key = create_api_key(organization, "bench", owner)
print(
    json.dumps(
        {
            "path": f"/s/{survey.public_id}/",
            "version": version.pk,
            "nps": keys["nps"],
            "rating": keys["rating"],
            "text": keys["long_text"],
            "org": organization.slug,
            "survey": survey.pk,
            "api_key": key,
            "email": owner.email,
            "password": "bench-password-1",
        }
    )
)
