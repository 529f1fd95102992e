from django.urls import reverse

from polku.accounts.models import Membership
from polku.conftest import client_for
from polku.journeys.models import Channel, Persona, PersonaStep, Stage, Touchpoint


def url(name, org, *args):
    return reverse(f"journeys:{name}", args=[org.slug, *args])


def test_new_organization_has_four_stages_and_seven_channels(org):
    assert list(Stage.objects.filter(organization=org).values_list("name", flat=True)) == [
        "Prior expectations",
        "Before purchase",
        "Purchase",
        "After purchase",
    ]
    assert Channel.objects.filter(organization=org).count() == 7


def test_manager_adds_touchpoint_at_the_end_of_its_stage(manager_client, org, journey, owner):
    stage, channel = journey["stage"], journey["channel"]
    owner_membership = Membership.objects.get(user=owner, organization=org)
    response = manager_client.post(
        url("section_create", org, "touchpoints"),
        {
            "name": "Gift wrapping",
            "stage": stage.pk,
            "channel": channel.pk,
            "owner": owner_membership.pk,
            "is_critical": "on",
            "promise": "Free, always",
            "frontstage": "Ribbon",
            "backstage": "Paper stock",
            "support_processes": "",
        },
    )
    assert response.status_code == 302
    created = Touchpoint.objects.get(name="Gift wrapping")
    assert created.organization == org and created.is_critical and created.owner == owner_membership
    assert created.position > journey["touchpoint"].position


def test_invalid_touchpoint_shows_errors_and_saves_nothing(manager_client, org, other_org):
    foreign_stage = Stage.objects.filter(organization=other_org).first()
    response = manager_client.post(
        url("section_create", org, "touchpoints"),
        {
            "name": "",
            "stage": foreign_stage.pk,
            "channel": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"name", "stage", "channel"}
    assert not Touchpoint.objects.exists()


def test_stage_names_are_unique_within_an_organization(manager_client, org, other_org):
    response = manager_client.post(
        url("section_create", org, "stages"), {"name": "purchase", "description": ""}
    )
    assert "already in use" in response.content.decode()
    assert Stage.objects.filter(organization=org).count() == 4
    # Another organization's names do not count.
    other = Stage.objects.filter(organization=other_org).first()
    other.name = "Something"
    other.save()
    response = manager_client.post(
        url("section_create", org, "stages"), {"name": "Something", "description": ""}
    )
    assert response.status_code == 302


def test_editing_keeps_the_name_check_off_itself(manager_client, org):
    stage = Stage.objects.filter(organization=org).first()
    response = manager_client.post(
        url("section_edit", org, "stages", stage.pk),
        {"name": stage.name, "description": "New words"},
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.description == "New words"


def test_moving_touchpoint_to_another_stage_puts_it_last_there(manager_client, org, journey):
    target = Stage.objects.filter(organization=org).last()
    existing = Touchpoint.objects.create(
        organization=org, stage=target, channel=journey["channel"], name="Return", position=5
    )
    t = journey["touchpoint"]
    manager_client.post(
        url("section_edit", org, "touchpoints", t.pk),
        {"name": t.name, "stage": target.pk, "channel": t.channel_id},
    )
    t.refresh_from_db()
    assert t.stage == target and t.position > existing.position


def test_persona_with_channels_and_money(manager_client, org):
    channels = list(Channel.objects.filter(organization=org)[:2])
    response = manager_client.post(
        url("section_create", org, "personas"),
        {
            "name": "Pirjo",
            "age": "61",
            "home_town": "Ylöjärvi",
            "typical_purchase": "45.50",
            "preferred_channels": [c.pk for c in channels],
        },
    )
    assert response.status_code == 302
    persona = Persona.objects.get()
    assert set(persona.preferred_channels.all()) == set(channels)
    page = client_for(Membership.objects.filter(organization=org).first().user).get(
        url("section_list", org, "personas"), HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert "45,50\xa0€" in page.content.decode()


def test_persona_age_must_be_sensible(manager_client, org):
    response = manager_client.post(
        url("section_create", org, "personas"), {"name": "Old", "age": "300"}
    )
    assert "age" in response.context["form"].errors
    assert not Persona.objects.exists()


def test_persona_steps_add_edit_and_only_own_touchpoints(manager_client, org, journey, other_org):
    persona = journey["persona"]
    foreign = Touchpoint.objects.create(
        organization=other_org,
        stage=Stage.objects.filter(organization=other_org).first(),
        channel=Channel.objects.filter(organization=other_org).first(),
        name="Foreign",
    )
    response = manager_client.post(
        url("step_create", org, persona.pk), {"touchpoint": foreign.pk, "mood": "positive"}
    )
    assert "touchpoint" in response.context["form"].errors
    response = manager_client.post(
        url("step_create", org, persona.pk),
        {"touchpoint": journey["touchpoint"].pk, "mood": "negative", "note": "Late parcel"},
    )
    assert response["Location"] == url("persona_detail", org, persona.pk)
    step = PersonaStep.objects.get(note="Late parcel")
    assert step.position > journey["step"].position
    manager_client.post(
        url("step_edit", org, persona.pk, step.pk),
        {"touchpoint": journey["touchpoint"].pk, "mood": "neutral", "note": "Late, but told"},
    )
    step.refresh_from_db()
    assert step.mood == "neutral"


def test_viewer_and_agent_read_but_cannot_edit(org, journey, viewer, agent):
    for user in (viewer, agent):
        client = client_for(user)
        assert client.get(url("section_list", org, "touchpoints")).status_code == 200
        assert client.get(url("section_create", org, "touchpoints")).status_code == 403
        response = client.post(
            url("section_edit", org, "stages", journey["stage"].pk), {"name": "Hacked"}
        )
        assert response.status_code == 403
        assert (
            client.post(url("section_delete", org, "personas", journey["persona"].pk)).status_code
            == 403
        )
    journey["stage"].refresh_from_db()
    assert journey["stage"].name != "Hacked"
    assert Persona.objects.filter(pk=journey["persona"].pk).exists()


def test_lists_do_not_query_per_row(manager_client, org, journey, django_assert_max_num_queries):
    for i in range(20):
        Touchpoint.objects.create(
            organization=org,
            stage=journey["stage"],
            channel=journey["channel"],
            name=f"T{i}",
            position=i + 2,
        )
    for kind in ("touchpoints", "stages", "channels", "personas"):
        with django_assert_max_num_queries(8):
            assert manager_client.get(url("section_list", org, kind)).status_code == 200
