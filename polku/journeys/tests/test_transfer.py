import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from polku.accounts.models import Membership, Role
from polku.conftest import add_member, client_for
from polku.journeys.models import Channel, Persona, PersonaStep, Stage, Touchpoint
from polku.journeys.transfer import (
    ImportError_,
    export_journey,
    parse_journey_file,
    replace_journey,
)


def snapshot(org) -> dict:
    """Everything of a journey that should survive a round trip, without ids."""
    data = export_journey(org)
    data.pop("organization")
    return data


def test_export_import_round_trip_between_organizations(org, journey, other_org, owner):
    journey["persona"].preferred_channels.add(journey["channel"])
    journey["touchpoint"].owner = Membership.objects.get(user=owner)
    journey["touchpoint"].save()
    # The owner's email matches a member of the other organization: ownership carries over.
    add_member(other_org, Role.MANAGER, "someone@b.test")
    Membership.objects.create(user=owner, organization=other_org, role=Role.AGENT)
    raw = json.dumps(export_journey(org)).encode()
    counts = replace_journey(other_org, parse_journey_file(raw))
    assert counts == {"stages": 4, "channels": 7, "touchpoints": 1, "personas": 1}
    assert snapshot(other_org) == snapshot(org)
    copied = Touchpoint.objects.get(organization=other_org)
    assert copied.owner.organization == other_org and copied.owner.user == owner
    # The source is untouched.
    assert Touchpoint.objects.filter(organization=org).count() == 1


def test_export_view_downloads_json(viewer_client, org, journey):
    response = viewer_client.get(reverse("journeys:export", args=[org.slug]))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "polku-journey"
    assert data["touchpoints"][0]["name"] == "Checkout"


def upload(client, org, content: bytes, replace=True):
    data = {"file": SimpleUploadedFile("journey.json", content, "application/json")}
    if replace:
        data["replace"] = "on"
    return client.post(reverse("journeys:import", args=[org.slug]), data)


def test_import_view_replaces_journey(manager_client, org, journey, other_org):
    other_journey = export_journey(other_org)
    other_journey["stages"][0]["name"] = "Dreaming"
    response = upload(manager_client, org, json.dumps(other_journey).encode())
    assert response.status_code == 302
    assert Stage.objects.filter(organization=org).first().name == "Dreaming"
    assert not Touchpoint.objects.filter(organization=org).exists()
    assert not Persona.objects.filter(organization=org).exists()


def valid_file() -> dict:
    return {
        "format": "polku-journey",
        "version": 1,
        "stages": [{"key": "s1", "name": "Before"}],
        "channels": [{"key": "c1", "name": "Store", "kind": "store"}],
        "touchpoints": [{"key": "t1", "name": "Door", "stage": "s1", "channel": "c1"}],
        "personas": [
            {
                "key": "p1",
                "name": "Pirjo",
                "preferred_channels": ["c1"],
                "steps": [{"touchpoint": "t1", "mood": "positive"}],
            }
        ],
    }


def broken(change) -> bytes:
    data = valid_file()
    change(data)
    return json.dumps(data).encode()


BAD_FILES = {
    "not json": (b'{"format": "polku-journey",\n  oops}', "line 2"),
    "not utf-8": ("ä".encode("latin-1"), "UTF-8"),
    "not an object": (b"[1, 2]", "not a Polku journey file"),
    "wrong format": (broken(lambda d: d.update(format="other")), "not a Polku journey file"),
    "wrong version": (broken(lambda d: d.update(version=9)), "version"),
    "missing stages": (broken(lambda d: d.pop("stages")), "stages: this field is missing"),
    "empty stage name": (
        broken(lambda d: d["stages"][0].update(name="")),
        "stages.0.name: this field must not be empty",
    ),
    "typo in field": (
        broken(lambda d: d["touchpoints"][0].update(promsie="x")),
        "touchpoints.0.promsie: unknown field",
    ),
    "unknown stage": (
        broken(lambda d: d["touchpoints"][0].update(stage="s9")),
        "unknown stage 's9'",
    ),
    "unknown touchpoint in step": (
        broken(lambda d: d["personas"][0]["steps"][0].update(touchpoint="t9")),
        "unknown touchpoint 't9'",
    ),
    "duplicate key": (
        broken(lambda d: d["stages"].append({"key": "s1", "name": "Other"})),
        "duplicate stage key",
    ),
    "bad mood": (
        broken(lambda d: d["personas"][0]["steps"][0].update(mood="ecstatic")),
        "unknown choice",
    ),
    "age as text": (broken(lambda d: d["personas"][0].update(age="old")), "wrong type"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_refused_with_reason_and_changes_nothing(case, manager_client, org, journey):
    content, reason = BAD_FILES[case]
    before = snapshot(org)
    response = upload(manager_client, org, content)
    assert response.status_code == 400
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert snapshot(org) == before


def test_valid_file_parses(db):
    journey = parse_journey_file(json.dumps(valid_file()).encode())
    assert journey.personas[0].steps[0].touchpoint == "t1"


def test_oversized_file_is_refused(db):
    with pytest.raises(ImportError_, match="2 MB"):
        parse_journey_file(b" " * (2 * 1024 * 1024 + 1))


def test_import_needs_the_replace_confirmation(manager_client, org, journey):
    before = snapshot(org)
    response = upload(manager_client, org, json.dumps(valid_file()).encode(), replace=False)
    assert response.status_code == 400
    assert snapshot(org) == before


def test_failure_halfway_rolls_back(org, journey, monkeypatch):
    """Even an unexpected error during the write leaves the old journey in place."""
    before = snapshot(org)
    journey_file = parse_journey_file(json.dumps(valid_file()).encode())

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PersonaStep.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        replace_journey(org, journey_file)
    assert snapshot(org) == before
    assert Channel.objects.filter(organization=org).count() == 7


def test_agent_cannot_import(org, agent, journey):
    response = upload(client_for(agent), org, json.dumps(valid_file()).encode())
    assert response.status_code == 403
    assert Touchpoint.objects.filter(organization=org).count() == 1


def test_oversized_upload_is_refused_through_the_page(manager_client, org, journey):
    before = snapshot(org)
    response = upload(manager_client, org, b"{" + b" " * (3 * 1024 * 1024) + b"}")
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()
    assert snapshot(org) == before
