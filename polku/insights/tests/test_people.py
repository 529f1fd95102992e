"""Each person beside the rest of the team: only clear differences, seen by the right people."""

from __future__ import annotations

import uuid

from django.urls import reverse

from polku.conftest import client_for
from polku.insights.metrics import Figures
from polku.insights.people import differences, minus
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Parsed


def csat(satisfied: int, count: int) -> Figures:
    return Figures({"responses": count, "csat_count": count, "csat_satisfied": satisfied}, 10)


def test_a_clear_difference_is_flagged_and_noise_is_not():
    team = csat(160, 200)  # 80 %
    (clear,) = differences(csat(20, 50), team)  # 40 %
    assert clear.kind == "csat" and clear.direction == -1
    (noise,) = differences(csat(7, 10), team)  # 70 % of ten answers: could be chance
    assert noise.direction == 0
    assert differences(csat(2, 3), team) == []  # too few answers to compare at all


def test_the_rest_of_the_team_leaves_the_person_out():
    whole, part = csat(100, 150), csat(20, 50)
    assert minus(whole, part).counters == {
        "responses": 100,
        "csat_count": 100,
        "csat_satisfied": 80,
    }


def answer(survey, employee, nps, times):
    key = survey.current_version.questions[0]["key"]
    for _ in range(times):
        submit_response(
            survey.current_version,
            {key: Parsed(number=nps)},
            uuid.uuid4().hex,
            Origin(language="en", employee=employee),
        )


def test_managers_see_everyone_and_an_agent_only_themself(org, survey, manager, agent, owner):
    agent_member = agent.memberships.get()
    owner_member = owner.memberships.get()
    answer(survey, agent_member, 3, 30)
    answer(survey, owner_member, 10, 30)
    url = reverse("insights:people", args=[org.slug])
    page = client_for(manager).get(url).content.decode()
    assert "agent" in page and "Olivia Owner" in page
    assert "NPS clearly below the rest of the team" in page
    assert "NPS clearly above the rest of the team" in page
    own = client_for(agent).get(url).content.decode()
    assert "Olivia Owner" not in own and "clearly below" in own
